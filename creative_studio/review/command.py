"""`main.py review status|set|sheet`: arguments in, exit codes out (0 ok, 2 bad input)."""

from __future__ import annotations

import json
import sys
import time

from ..model.loader import require_ids, require_languages
from ..model.yamlio import TemplateError

EXIT_OK = 0


def _err(msg: str) -> None:
    print(msg, file=sys.stderr)


def _status_rows(campaign, log, infos, states, lang: str, lk: str):
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
                }
            )
    return rows


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
    if args.json:
        print(
            json.dumps(
                {
                    "campaign": campaign.id,
                    "campaign_sha256": campaign.sha256,
                    "review_file": str(log.path),
                    "cells": rows,
                    "counts": cnt,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return EXIT_OK
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
        if r["note"]:
            line += f"  \u2014 {r['note']}"
        print(line.rstrip())
    total = len(rows)
    print(
        f"{total} renders: "
        + ", ".join(f"{n} {s}" for s, n in cnt.items())
        + f"  [{log.path.name}; hashes in {time.perf_counter() - t0:.1f} s]"
    )
    return EXIT_OK


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
    try:
        data, result, method = render_png(campaign, args.message, args.format, lang)
    except BudgetError as exc:
        raise TemplateError(
            campaign.path or args.campaign,
            None,
            None,
            f"{args.message} / {args.format} cannot be exported ({exc}); there are no PNG bytes to sign off",
        ) from None
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
    )
    info = info_from_render(campaign, args.message, args.format, data, result, method)
    remember(campaign, info, lang)
    who = d.by + (f" ({d.role})" if d.role else "")
    where = f"{args.message} / {args.format}" + (f" / {lang}" if campaign.multilingual else "")
    print(f"{where}: {d.status} by {who} at {d.at}, sha256 {d.sha256}")
    if d.status == "approved" and info.errors:
        _err(
            f"note: this render has {info.errors} check error(s) ({', '.join(info.rules)}); export refuses it "
            "unless run with --allow-errors"
        )
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
    """Dispatch `review <status|set|sheet>`. Bad input raises (TemplateError, ReviewError...), which
    `creative_studio.cli.run` reports as FILE:LINE:COL: sentence with exit 2, as for every command."""
    handlers = {"status": cmd_status, "set": cmd_set, "sheet": cmd_sheet}
    return handlers[args.review_command](args)
