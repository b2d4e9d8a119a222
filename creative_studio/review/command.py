"""`main.py review status|set|sheet|verify|keygen`: arguments in, exit codes out.

0 ok; 1 `status` found a broken hash chain, or `verify` found a problem; 2 bad input (a malformed
file, an unknown id, an approval by someone the campaign does not list, a key that is not theirs).
"""

from __future__ import annotations

import json
import sys
import time

from ..model.loader import require_ids, require_languages
from ..model.yamlio import TemplateError

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def _status_rows(campaign, log, infos, states, lang: str, lk: str):
    from .trust import is_listed, signature_state

    rows = []
    for m in campaign.message_ids:
        for f in campaign.format_ids:
            d = log.latest(m, f, lk)
            info = infos.get((m, f))
            rows.append(
                {
                    "message": m,
                    "format": f,
                    "language": lang,
                    "status": states[(m, f)],
                    "by": d.by if d else "",
                    "role": d.role if d else "",
                    "at": d.at if d else "",
                    "note": d.note if d else "",
                    "sha256": d.sha256 if d else "",
                    "current_sha256": info.sha256 if info else "",
                    **({"error": info.error} if info and info.error else {}),
                    **(
                        {
                            "listed": is_listed(campaign, d),
                            "signature": signature_state(campaign, d),
                            "line": log.line_of(d),
                        }
                        if d
                        else {}
                    ),
                }
            )
    return rows


def _unlisted(campaign, log) -> list[str]:
    """Everyone with a decision in the file whom the campaign's roster does not list."""
    from .trust import is_listed

    return list(dict.fromkeys(d.by for d in log.history if not is_listed(campaign, d)))


def cmd_status(args) -> int:
    from ..model import load_campaign
    from .state import counts, current_infos, state_of
    from .store import language_key, load_reviews

    campaign = load_campaign(args.campaign)
    langs = require_languages(campaign, getattr(args, "language", None)) or list(campaign.languages)
    log = load_reviews(campaign)
    t0 = time.perf_counter()
    rows = []
    all_states: list[str] = []
    for lang in langs:
        lk = language_key(campaign, lang)
        infos = current_infos(campaign, language=lang)
        states = {
            (m, f): state_of(log, m, f, infos[(m, f)].sha256 if (m, f) in infos else "", lk)
            for m in campaign.message_ids
            for f in campaign.format_ids
        }
        rows += _status_rows(campaign, log, infos, states, lang, lk)
        all_states += states.values()
    cnt = counts(all_states)
    rc = EXIT_PROBLEMS if log.chain.broken else EXIT_OK
    unlisted = _unlisted(campaign, log)
    if args.json:
        print(
            json.dumps(
                {
                    "campaign": campaign.id,
                    "campaign_sha256": campaign.sha256,
                    "review_file": str(log.path),
                    "chain": log.chain.to_json(),
                    "unlisted_reviewers": unlisted,
                    "cells": rows,
                    "counts": cnt,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        for line in log.chain.describe(str(log.path)):
            _err(line)
        return rc
    mw = max([7] + [len(r["message"]) for r in rows])
    fw = max([6] + [len(r["format"]) for r in rows])
    print(f"{'message':{mw}}  {'format':{fw}}  {'status':17}  {'current':12}  {'decided by':28}  at")
    for i, r in enumerate(rows):
        if campaign.multilingual and (i == 0 or rows[i - 1]["language"] != r["language"]):
            print(f"[{r['language']}]")
        who = r["by"] + (f" ({r['role']})" if r["role"] else "")
        cur = r["current_sha256"][:12] or "(no export)"
        line = f"{r['message']:{mw}}  {r['format']:{fw}}  {r['status']:17}  {cur:12}  {who[:28]:28}  {r['at']}"
        if r["status"] == "stale":
            line += f"  (judged {r['sha256'][:12]})"
        if r.get("listed") is False:
            line += "  [NOT A LISTED REVIEWER]"
        if r.get("signature") == "valid":
            line += "  [signed]"
        elif r.get("signature") in ("invalid", "no-key"):
            line += "  [SIGNATURE DOES NOT VERIFY]"
        if r["note"]:
            line += f"  \u2014 {r['note']}"
        print(line.rstrip())
    total = len(rows)
    chain = {"ok": "chain intact", "empty": "no decisions yet", "legacy": "unchained (0.1)", "broken": "CHAIN BROKEN"}
    print(
        f"{total} renders: "
        + ", ".join(f"{n} {s}" for s, n in cnt.items())
        + f"  [{log.path.name}: {chain[log.chain.state]}; hashes in {time.perf_counter() - t0:.1f} s]"
    )
    for line in log.chain.describe(str(log.path)):
        _err(line)
    if unlisted:
        _err(
            f"{log.path}: warning: decisions by people not in the campaign's reviewers: {', '.join(unlisted)}; "
            "their approvals do not count for export --approved-only"
        )
    return rc


def cmd_set(args) -> int:
    from ..encode.png import BudgetError
    from ..export.batch import render_png
    from ..model import load_campaign
    from .state import info_from_render, remember
    from .store import record_decision

    campaign = load_campaign(args.campaign)
    require_ids(campaign, [args.message], [args.format])
    require_languages(campaign, getattr(args, "language", None))
    lang = campaign.language(getattr(args, "language", None))
    key = None
    if args.sign_key:
        from ..base.keys import KeyFormatError, load_private_key

        try:
            key = load_private_key(args.sign_key)
        except KeyFormatError as exc:
            raise TemplateError(args.sign_key, None, None, str(exc).removeprefix(f"{args.sign_key}: ")) from None
    try:
        data, result, method = render_png(campaign, args.message, args.format, lang)
    except BudgetError as exc:
        raise TemplateError(
            campaign.path or args.campaign,
            None,
            None,
            f"{args.message} / {args.format} cannot be exported ({exc}); there are no PNG bytes to sign off",
        ) from None
    from ..export.deliverables import deliverable_hashes

    files, notes = deliverable_hashes(campaign, args.message, args.format, lang)
    d = record_decision(
        campaign,
        args.message,
        args.format,
        args.status,
        args.by,
        args.role or "",
        args.note or "",
        png_bytes=data,
        language=lang,
        files=files,
        sign_key=key,
    )
    for n in notes:
        _err(f"note: {n}")
    info = info_from_render(campaign, args.message, args.format, data, result, method)
    remember(campaign, info, lang)
    who = d.by + (f" ({d.role})" if d.role else "")
    where = f"{args.message} / {args.format}" + (f" / {lang}" if campaign.multilingual else "")
    also = "".join(f", {kind} {sha[:12]}" for kind, sha in d.files)
    print(f"{where}: {d.status} by {who} at {d.at}, sha256 {d.sha256}{also}" + (", signed" if d.sig else ""))
    if campaign.has_roster and campaign.reviewer(d.by) is None:
        _err(
            f"warning: {d.by} is not in the campaign's reviewers; the decision is recorded (an objection is "
            "never dropped) and flagged by review status"
        )
    entry = campaign.reviewer(d.by)
    if entry is not None and entry.public_key and not d.sig:
        _err(f"warning: {d.by} has a public key but the decision is not signed; sign with --sign-key KEYFILE")
    if d.status == "approved" and info.errors:
        _err(
            f"note: this render has {info.errors} check error(s) ({', '.join(info.rules)}); export refuses it "
            "unless run with --allow-errors"
        )
    return EXIT_OK


def cmd_verify(args) -> int:
    from ..model import load_campaign
    from .store import load_reviews
    from .trust import signature_state, verify_log

    campaign = load_campaign(args.campaign)
    log = load_reviews(campaign)
    findings = verify_log(campaign, log)
    problems = [f for f in findings if f.level == "problem"]
    for f in findings:
        print(f.format(str(log.path)))
    signed = sum(signature_state(campaign, d) == "valid" for d in log.history)
    verdict = "FAILED" if problems else "verified"
    print(
        f"{log.path.name}: {verdict}: {len(log.history)} decision(s), chain {log.chain.state}, "
        f"{signed} valid signature(s), {len(problems)} problem(s), {len(findings) - len(problems)} warning(s)"
    )
    return EXIT_PROBLEMS if problems else EXIT_OK


def cmd_keygen(args) -> int:
    from ..base.keys import KeyFormatError, public_key_text, write_new_private_key

    try:
        key = write_new_private_key(args.output)
    except KeyFormatError as exc:
        raise TemplateError(args.output, None, None, str(exc).removeprefix(f"{args.output} ")) from None
    print(f"wrote the private key {args.output} (mode 0600: keep it to yourself, never in the campaign folder)")
    print("add this to your entry in the campaign's reviewers:")
    print(f'  public_key: "{public_key_text(key.public_key())}"')
    return EXIT_OK


def cmd_sheet(args) -> int:
    from ..base.outputs import check_output_path
    from ..model import load_campaign
    from .outputs import protected_paths
    from .sheet import build_sheet

    campaign = load_campaign(args.campaign)
    require_languages(campaign, getattr(args, "language", None))
    check_output_path(args.output, protected_paths(campaign))
    t0 = time.perf_counter()
    stats = build_sheet(campaign, args.output, language=getattr(args, "language", None))
    print(
        f"{args.output}: {stats.pages} page(s), {stats.renders} renders "
        f"({', '.join(f'{n} {s}' for s, n in stats.counts.items())}) in {time.perf_counter() - t0:.1f} s"
    )
    return EXIT_OK


def cli(args) -> int:
    """Dispatch `review <status|set|sheet|verify|keygen>`. Bad input raises (TemplateError, ReviewError...), which
    `creative_studio.cli.run` reports as FILE:LINE:COL: sentence with exit 2, as for every command."""
    handlers = {"status": cmd_status, "set": cmd_set, "sheet": cmd_sheet, "verify": cmd_verify, "keygen": cmd_keygen}
    return handlers[args.review_command](args)
