"""The hash chain: every kind of hand edit is reported with its line, blocks export, legacy files."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from creative_studio.cli import run
from creative_studio.model import TemplateError, load_campaign
from creative_studio.review import approved_hashes, load_reviews, record_decision, review_path
from creative_studio.review.store import BrokenHistoryError, anchor_path, cache_dir, format_review_file

SHA = [f"{i:x}" * 64 for i in range(1, 6)]
CELLS = [
    ("freedom", "google-300x250", "approved"),
    ("employ", "google-300x250", "changes-requested"),
    ("family", "google-320x50", "approved"),
    ("freedom", "google-320x50", "rejected"),
]


def _history(campaign) -> str:
    for i, (m, f, status) in enumerate(CELLS):
        record_decision(campaign, m, f, status, f"Reviewer {i + 1}", note=f"note {i + 1}", sha256=SHA[i])
    return review_path(campaign).read_text(encoding="utf-8")


def _split(text: str) -> tuple[str, list[str]]:
    """The file's header (through 'decisions:') and one text block per decision."""
    head, sep, rest = text.partition("decisions:\n")
    return head + sep, [b for b in re.split(r"(?m)^(?=  - )", rest) if b]


def _line_of(text: str, k: int) -> int:
    """The line of the k-th (0-based) decision's first key."""
    head, blocks = _split(text)
    return head.count("\n") + 1 + sum(b.count("\n") for b in blocks[:k])


def _status(campaign_path, capsys, *extra) -> tuple[int, str, str]:
    rc = run(["review", "status", str(campaign_path), *extra])
    out, err = capsys.readouterr()
    return rc, out, err


def _tamper(campaign, text: str) -> None:
    review_path(campaign).write_text(text, encoding="utf-8")


def test_an_intact_chain_reports_ok(campaign, campaign_path, capsys):
    _history(campaign)
    log = load_reviews(campaign)
    assert log.chain.state == "ok" and log.chain.count == 4
    assert [d.seq for d in log.history] == [1, 2, 3, 4]
    assert log.history[0].prev == "0" * 64
    assert [d.prev for d in log.history[1:]] == [d.hash for d in log.history[:-1]]
    rc, out, err = _status(campaign_path, capsys)
    assert rc == 0 and err == ""
    assert "chain intact" in out


def test_an_edited_decision_is_reported_on_its_line(campaign, campaign_path, capsys):
    text = _history(campaign)
    head, blocks = _split(text)
    blocks[1] = blocks[1].replace('status: "changes-requested"', 'status: "approved"')
    tampered = head + "".join(blocks)
    _tamper(campaign, tampered)
    rc, out, err = _status(campaign_path, capsys)
    assert rc == 1
    assert "freedom" in out and "CHAIN BROKEN" in out  # the rest of the status is still printed
    assert err.startswith(f"{review_path(campaign)}:{_line_of(tampered, 1)}: decision 2 was changed after it was")


def test_a_deleted_decision_is_reported_where_it_was(campaign, campaign_path, capsys):
    text = _history(campaign)
    head, blocks = _split(text)
    tampered = head + blocks[0] + blocks[2] + blocks[3]  # the withdrawal (decision 2) removed
    _tamper(campaign, tampered)
    rc, _, err = _status(campaign_path, capsys)
    assert rc == 1
    assert err.startswith(
        f"{review_path(campaign)}:{_line_of(tampered, 1)}: decision(s) 2 were deleted before this one"
    )


def test_two_reordered_decisions_are_reported(campaign, campaign_path, capsys):
    text = _history(campaign)
    head, blocks = _split(text)
    tampered = head + blocks[0] + blocks[2] + blocks[1] + blocks[3]
    _tamper(campaign, tampered)
    rc, _, err = _status(campaign_path, capsys)
    assert rc == 1
    assert err.startswith(f"{review_path(campaign)}:{_line_of(tampered, 1)}: decision 2 is out of order")
    assert "reordered" in err


@pytest.mark.parametrize("keep_chain_fields", [False, True])
def test_an_inserted_forged_decision_is_reported(campaign, campaign_path, capsys, keep_chain_fields):
    text = _history(campaign)
    head, blocks = _split(text)
    forged = blocks[1].replace('status: "changes-requested"', 'status: "approved"').replace("Reviewer 2", "Mallory")
    if not keep_chain_fields:
        forged = re.sub(r"(?m)^    (seq|prev): .*\n", "", forged)
    else:  # a careful forger copies seq and prev of the decision it imitates
        forged = forged.replace("note 2", "looks fine")
    tampered = head + blocks[0] + blocks[1] + forged + blocks[2] + blocks[3]
    _tamper(campaign, tampered)
    rc, _, err = _status(campaign_path, capsys)
    assert rc == 1
    assert err.startswith(f"{review_path(campaign)}:{_line_of(tampered, 2)}: ")
    assert "inserted" in err.splitlines()[0]


def test_the_last_decision_deleted_or_edited_is_caught_by_the_head(campaign, campaign_path, capsys):
    text = _history(campaign)
    head, blocks = _split(text)
    _tamper(campaign, head + "".join(blocks[:3]))
    rc, _, err = _status(campaign_path, capsys)
    head_line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("head:"))
    assert rc == 1
    assert err.startswith(f"{review_path(campaign)}:{head_line}: the head records 4 decision(s) but the file holds 3")
    edited = head + "".join(blocks[:3]) + blocks[3].replace('"rejected"', '"approved"')
    _tamper(campaign, edited)
    rc, _, err = _status(campaign_path, capsys)
    assert rc == 1
    assert err.startswith(f"{review_path(campaign)}:{_line_of(edited, 3)}: the last decision was changed")


def test_status_json_carries_the_chain(campaign, campaign_path, capsys):
    text = _history(campaign)
    head, blocks = _split(text)
    _tamper(campaign, head + blocks[0] + blocks[2] + blocks[3])
    rc, out, err = _status(campaign_path, capsys, "--json")
    assert rc == 1
    chain = json.loads(out)["chain"]
    assert chain["state"] == "broken" and chain["count"] == 3
    assert chain["problems"][0]["line"] == _line_of(head + blocks[0] + blocks[2] + blocks[3], 1)
    assert "deleted" in chain["problems"][0]["text"]
    assert "deleted" in err


def test_a_broken_history_is_never_appended_to(campaign):
    text = _history(campaign)
    head, blocks = _split(text)
    tampered = head + blocks[0] + blocks[2] + blocks[3]
    _tamper(campaign, tampered)
    with pytest.raises(BrokenHistoryError, match="no decision is added"):
        record_decision(campaign, "freedom", "google-300x250", "approved", "Jane", sha256=SHA[0])
    assert review_path(campaign).read_text(encoding="utf-8") == tampered


def test_export_approved_only_writes_nothing_from_a_broken_history(campaign, campaign_path, tmp_path, capsys):
    from creative_studio.export.batch import render_png

    png, _, _ = render_png(campaign, "freedom", "google-300x250")
    record_decision(campaign, "freedom", "google-300x250", "approved", "Jane", png_bytes=png)
    record_decision(campaign, "freedom", "google-300x250", "rejected", "Legal", sha256=hashlib.sha256(png).hexdigest())
    out = tmp_path / "out"
    # Intact: the withdrawal holds, nothing approved, nothing written.
    assert approved_hashes(campaign) == {}
    # Deleting the withdrawal by hand would bring the approval back: the chain says no.
    text = review_path(campaign).read_text(encoding="utf-8")
    head, blocks = _split(text)
    _tamper(campaign, head.replace("count: 2", "count: 1").replace(load_reviews(campaign).chain.head, "x") + blocks[0])
    rc = run(["export", str(campaign_path), "-o", str(out), "--approved-only", "-q"])
    _, err = capsys.readouterr()
    assert rc == 2
    assert "export --approved-only writes nothing" in err
    assert err.startswith(f"{review_path(campaign)}:")
    assert not out.exists() or not any(out.rglob("*"))


def test_release_01_file_is_legacy_history_sealed_by_the_next_decision(campaign, campaign_path, capsys):
    old = format_review_file("stopitnow.yaml", "stopitnow", ())  # shape of the header only
    legacy = old.replace("version: 2", "version: 1").replace("decisions: []", "decisions:") + "".join(
        f'  - message: "{m}"\n    format: "{f}"\n    status: "{s}"\n    by: "Old {i}"\n    role: ""\n'
        f'    at: "2019-03-0{i + 1}T09:00:00Z"\n    note: ""\n    sha256: "{SHA[i]}"\n'
        for i, (m, f, s) in enumerate(CELLS[:2])
    )
    _tamper(campaign, legacy)
    log = load_reviews(campaign)
    assert log.chain.state == "legacy" and log.chain.legacy == 2
    rc, _, err = _status(campaign_path, capsys)
    assert rc == 0
    assert err.count("unchained legacy history") == 1 and "warning" in err
    # The next decision starts the chain; its prev covers both legacy decisions.
    d = record_decision(campaign, "family", "google-320x50", "approved", "Jane", sha256=SHA[2])
    log = load_reviews(campaign)
    assert log.chain.state == "ok" and d.seq == 3
    assert d.prev == log.chain.hashes[1]
    rc, _, err = _status(campaign_path, capsys)
    assert rc == 0 and err == ""
    # Editing a legacy decision afterwards breaks the chain at the decision that sealed it.
    text = review_path(campaign).read_text(encoding="utf-8")
    _tamper(campaign, text.replace('"changes-requested"', '"approved"'))
    rc, _, err = _status(campaign_path, capsys)
    assert rc == 1
    assert err.startswith(f"{review_path(campaign)}:{_line_of(text, 1)}: decision 2 was changed")


def test_stripping_the_chain_is_caught_by_the_review_cache(campaign, campaign_path, capsys):
    text = _history(campaign)
    stripped = re.sub(r"(?m)^(    (seq|prev): .*|head: .*)\n", "", text).replace("version: 2", "version: 1")
    _tamper(campaign, stripped)
    rc, _, err = _status(campaign_path, capsys)
    assert rc == 1
    assert "no longer has the hash the review cache recorded" in err
    # Deleting the whole file is caught the same way while the cache is there.
    review_path(campaign).unlink()
    rc, _, err = _status(campaign_path, capsys)
    assert rc == 1 and "the review cache records 4 decision(s) but the file holds 0" in err
    # Starting over on purpose means removing the cache too (documented).
    shutil.rmtree(cache_dir(campaign))
    assert not anchor_path(campaign).exists()
    assert _status(campaign_path, capsys)[0] == 0


def test_a_writer_killed_between_file_and_anchor_still_verifies(campaign):
    _history(campaign)
    anchor = json.loads(anchor_path(campaign).read_text("utf-8"))
    record_decision(campaign, "employ", "google-320x50", "approved", "Jane", sha256=SHA[4])
    anchor_path(campaign).write_text(json.dumps(anchor), encoding="utf-8")  # as if killed before the anchor
    assert load_reviews(campaign).chain.state == "ok"


def test_the_chain_survives_a_reload_of_the_campaign(campaign_path):
    c = load_campaign(campaign_path)
    record_decision(c, "freedom", "google-300x250", "approved", "Jane", sha256=SHA[0])
    record_decision(load_campaign(campaign_path), "employ", "google-300x250", "approved", "Ann", sha256=SHA[1])
    assert load_reviews(c).chain.state == "ok"


# -- several files and languages per decision (issues 11, 12, 13) ------------------------------------


def test_a_decision_binds_several_files_and_a_language(campaign_path):
    from creative_studio.review.state import state_of

    text = campaign_path.read_text(encoding="utf-8")
    campaign_path.write_text(
        text.replace("  client: Police Scotland\n", "  client: Police Scotland\n  languages: [en, gd]\n")
    )
    campaign = load_campaign(campaign_path)
    pdf = "d" * 64
    d = record_decision(
        campaign, "freedom", "google-300x250", "approved", "Jane", sha256=SHA[0], files={"pdf": pdf}, language="gd"
    )
    assert d.bound == {"png": SHA[0], "pdf": pdf}
    text = review_path(campaign).read_text(encoding="utf-8")
    assert f'    files:\n      pdf: "{pdf}"\n' in text and '    language: "gd"\n' in text
    log = load_reviews(campaign)
    assert log.history == (d,) and log.chain.state == "ok"
    cell = ("freedom", "google-300x250")
    assert log.latest(*cell) is None  # the default language has no decision yet
    assert state_of(log, *cell, {"png": SHA[0], "pdf": pdf}, language="gd") == "approved"
    assert state_of(log, *cell, {"png": SHA[0], "pdf": "e" * 64}, language="gd") == "stale"
    assert state_of(log, *cell, {"png": SHA[0]}, language="gd") == "stale"  # the judged PDF is no longer exported
    assert state_of(log, *cell, {"png": SHA[0], "pdf": pdf, "gif": SHA[1]}, language="gd") == "stale"
    assert state_of(log, *cell, SHA[0], language="gd") == "approved"  # a PNG-only caller compares the PNG
    assert approved_hashes(campaign) == {(*cell, "gd"): frozenset({SHA[0], pdf})}  # nothing in the default language


def test_a_hand_written_files_block_without_sha256_reads(campaign):
    from creative_studio.review.store import parse_review_text

    text = (
        "version: 2\ndecisions:\n  - message: freedom\n    format: google-300x250\n    status: approved\n"
        f"    by: J\n    at: '2019-03-01T09:00:00Z'\n    files: {{png: '{SHA[0]}', pdf: '{SHA[1]}'}}\n"
    )
    [d] = parse_review_text(text, "x.review.yaml")
    assert d.sha256 == SHA[0] and d.files == (("pdf", SHA[1]),)
    bad = text.replace("pdf: '", "pdf: 'zz")
    with pytest.raises(TemplateError) as exc:
        parse_review_text(bad, "x.review.yaml")
    assert str(exc.value).startswith("x.review.yaml:8:")


# -- any hand edit of a chained history is caught -----------------------------------------------------

_FIELDS = ("message", "format", "status", "by", "role", "at", "note", "sha256", "seq", "prev")


def _chained(n: int):
    from dataclasses import replace

    from creative_studio.review.chain import GENESIS
    from creative_studio.review.store import Decision

    out, prev = [], GENESIS
    for i in range(n):
        d = Decision(
            "freedom", "google-300x250", ("approved", "rejected")[i % 2], f"R{i % 3}", "", "2019-03-01T09:00:00Z",
            f"n{i}", SHA[i % 5], seq=i + 1, prev=prev,
        )  # fmt: skip
        out.append(d)
        prev = d.hash
    return out, replace


@settings(max_examples=200, deadline=None)
@given(
    n=st.integers(2, 7),
    op=st.sampled_from(["edit", "delete", "swap", "duplicate", "truncate"]),
    k=st.integers(0, 6),
    j=st.integers(0, 6),
    field=st.sampled_from(_FIELDS),
    value=st.text(min_size=1, max_size=8),
)
def test_every_hand_edit_breaks_the_chain(n, op, k, j, field, value):
    from creative_studio.review.chain import verify_chain
    from creative_studio.review.store import parse_review

    ds, replace = _chained(n)
    k, j = k % n, j % n
    text = format_review_file("stopitnow.yaml", "stopitnow", tuple(ds))
    head, blocks = _split(text)
    if op == "edit":
        new = (k + 2) if field == "seq" else value
        if field in ("sha256", "prev"):
            new = hashlib.sha256(value.encode()).hexdigest()
        assume(str(getattr(ds[k], field)) != str(new))
        ds[k] = replace(ds[k], **{field: new})
        edited = format_review_file("stopitnow.yaml", "stopitnow", tuple(ds))
        blocks[k] = _split(edited)[1][k]
    elif op == "delete":
        del blocks[k]
    elif op == "swap":
        assume(k != j)
        blocks[k], blocks[j] = blocks[j], blocks[k]
    elif op == "duplicate":
        blocks.insert(j, blocks[k])
    else:
        blocks = blocks[:k] if k else blocks[:1]
        assume(len(blocks) < n)
    try:
        parsed = parse_review(head + "".join(blocks), "x.review.yaml")
    except TemplateError as exc:  # an edit that is not even a valid decision: refused with its line
        assert exc.line
        return
    chain = verify_chain(
        [d.to_yaml_dict() for d in parsed.decisions], list(parsed.lines), parsed.head, parsed.head_line
    )
    assert chain.state == "broken"
    assert chain.problems[0].line is not None and 1 <= chain.problems[0].line <= (head + "".join(blocks)).count("\n")


def test_a_manifest_from_an_altered_history_claims_no_approval(campaign, campaign_path, tmp_path, capsys):
    from creative_studio.export.batch import render_png

    png, _, _ = render_png(campaign, "freedom", "google-300x250")
    record_decision(campaign, "freedom", "google-300x250", "approved", "Jane", png_bytes=png)
    record_decision(campaign, "employ", "google-300x250", "rejected", "Legal", sha256=SHA[0])
    args = ["export", str(campaign_path), "-m", "freedom", "-f", "google-300x250", "-q"]

    def review_field(out) -> str:
        assert run(args + ["-o", str(out)]) == 0
        capsys.readouterr()
        [entry] = json.loads((out / "manifest.json").read_text("utf-8"))["files"]
        return entry["review"]

    assert review_field(tmp_path / "a") == "approved"
    text = review_path(campaign).read_text(encoding="utf-8")
    _tamper(campaign, text.replace('"Legal"', '"Legal team"'))  # the last decision edited
    assert review_field(tmp_path / "b") == "pending"


def test_the_manifest_names_the_review_history_it_was_judged_against(campaign, campaign_path, tmp_path, capsys):
    from creative_studio.export.batch import render_png

    out = tmp_path / "out"
    assert run(["export", str(campaign_path), "-o", str(out), "-f", "google-300x250", "-m", "freedom", "-q"]) == 0
    assert json.loads((out / "manifest.json").read_text("utf-8"))["review_file"] is None  # nothing decided yet

    png, _, _ = render_png(campaign, "freedom", "google-300x250")
    record_decision(campaign, "freedom", "google-300x250", "approved", "Jane", png_bytes=png)
    record_decision(campaign, "employ", "google-300x250", "changes-requested", "Legal", sha256="0" * 64)
    assert run(["export", str(campaign_path), "-o", str(out), "-f", "google-300x250", "-m", "freedom", "-q"]) == 0
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    log = load_reviews(campaign)
    assert manifest["review_file"] == {
        "path": review_path(campaign).name,
        "sha256": hashlib.sha256(review_path(campaign).read_bytes()).hexdigest(),
        "chain": "ok",
        "decisions": 2,
        "head": log.chain.head,
    }
    assert manifest["files"][0]["review"] == "approved"
