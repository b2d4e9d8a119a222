"""Who may sign off (the campaign's reviewers) and proof of who did (Ed25519 signatures, verify)."""

from __future__ import annotations

import base64
import json
import os
import re
import stat

import pytest

from creative_studio.cli import run
from creative_studio.model import TemplateError, load_campaign
from creative_studio.review import approved_hashes, load_reviews, record_decision, review_path
from creative_studio.review.chain import record_hash
from creative_studio.review.store import ReviewError, format_review_file

SHA_A, SHA_B = "a" * 64, "b" * 64
ROSTER = "reviewers: [Comms lead, Legal reviewer]"


def _with_roster(campaign_path, entries: str) -> None:
    text = campaign_path.read_text(encoding="utf-8")
    assert ROSTER in text
    campaign_path.write_text(text.replace(ROSTER, "reviewers:\n" + entries), encoding="utf-8")


def _keygen(tmp_path, capsys, name: str) -> tuple[str, str]:
    key = tmp_path / name
    assert run(["review", "keygen", "-o", str(key)]) == 0
    out = capsys.readouterr().out
    public = re.search(r'public_key: "([^"]+)"', out).group(1)
    return str(key), public


ANN = '    - {name: Ann Smith, role: Legal reviewer, public_key: "%s"}\n'
BOB = "    - {name: Bob Jones, role: Comms lead}\n"


# -- the roster ----------------------------------------------------------------------------------


def test_reviewers_may_name_people_and_strings_stay_roles(campaign_path):
    _with_roster(campaign_path, BOB + "    - Brand manager\n")
    c = load_campaign(campaign_path)
    assert c.has_roster
    assert [(r.name, r.role) for r in c.roster] == [("Bob Jones", "Comms lead"), ("", "Brand manager")]
    assert c.reviewers == ("Comms lead", "Brand manager")  # the 0.1 labels the app shows as roles
    assert c.reviewer("  bob   JONES ") is c.roster[0]
    assert c.reviewer("Brand manager") is None  # a role names nobody


def test_public_keys_in_pem_and_openssh_form_are_the_same_key(tmp_path, capsys):
    from cryptography.hazmat.primitives import serialization

    from creative_studio.base.keys import load_private_key, load_public_key, same_key

    key, public = _keygen(tmp_path, capsys, "ann.key")
    pub = load_private_key(key).public_key()
    pem = pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    ssh = pub.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode() + " ann@x"
    assert same_key(load_public_key(pem), load_public_key(public))
    assert same_key(load_public_key(ssh), load_public_key(public))


@pytest.mark.parametrize(
    "entries, line, needle",
    [
        ("    - {name: Bob Jones, rank: boss}\n", 13, "unknown key 'rank'"),
        (BOB + "    - {name: bob jones}\n", 14, "listed twice"),
        ("    - {name: Ann, public_key: not-a-key!}\n", 13, "public_key of 'Ann' cannot be used"),
        ("    - {name: Ann, public_key: " + base64.b64encode(b"x" * 31).decode() + "}\n", 13, "32 bytes"),
        ("    - {role: Legal}\n", 13, "name"),
    ],
)
def test_a_bad_reviewers_list_gives_file_line(campaign_path, entries, line, needle):
    _with_roster(campaign_path, entries)
    with pytest.raises(TemplateError) as exc:
        load_campaign(campaign_path)
    assert str(exc.value).startswith(f"{campaign_path}:{line}:")
    assert needle in str(exc.value)


def test_an_unlisted_reviewer_cannot_approve_but_can_object(campaign_path, capsys):
    _with_roster(campaign_path, BOB)
    base = ["review", "set", str(campaign_path), "-m", "freedom", "-f", "google-300x250"]
    assert run(base + ["--status", "approved", "--by", "Mallory"]) == 2
    err = capsys.readouterr().err
    assert "'Mallory' is not in the campaign's reviewers (Bob Jones), so cannot approve" in err
    assert not review_path(campaign_path).exists()
    assert run(base + ["--status", "changes-requested", "--by", "Mallory", "--note", "helpline missing"]) == 0
    assert "warning: Mallory is not in the campaign's reviewers" in capsys.readouterr().err
    # A listed reviewer gets the role the campaign gives them.
    assert run(base[:-2] + ["-f", "google-320x50", "--status", "approved", "--by", "bob jones"]) == 0
    assert "approved by Bob Jones (Comms lead)" in capsys.readouterr().out  # the roster's spelling


def test_status_flags_decisions_by_unlisted_people_and_export_ignores_their_approvals(campaign_path, capsys):
    c = load_campaign(campaign_path)  # no roster yet: anyone may record
    record_decision(c, "freedom", "google-300x250", "approved", "Mallory", sha256=SHA_A)
    record_decision(c, "employ", "google-300x250", "approved", "Bob Jones", sha256=SHA_B)
    assert {k for k in approved_hashes(c) if len(k) == 2} == {
        ("freedom", "google-300x250"),
        ("employ", "google-300x250"),
    }
    _with_roster(campaign_path, BOB)
    c = load_campaign(campaign_path)
    assert {k for k in approved_hashes(c) if len(k) == 2} == {("employ", "google-300x250")}
    from creative_studio.review import status_lookup

    assert status_lookup(c)("freedom", "google-300x250", SHA_A) == "pending"  # the manifest agrees
    assert status_lookup(c)("employ", "google-300x250", SHA_B) == "approved"
    assert run(["review", "status", str(campaign_path)]) == 0
    out, err = capsys.readouterr()
    [row] = [ln for ln in out.splitlines() if ln.startswith("freedom") and "google-300x250" in ln]
    assert "[NOT A LISTED REVIEWER]" in row
    assert "decisions by people not in the campaign's reviewers: Mallory" in err
    assert run(["review", "status", str(campaign_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unlisted_reviewers"] == ["Mallory"]
    cells = {(x["message"], x["format"]): x for x in data["cells"]}
    assert cells[("freedom", "google-300x250")]["listed"] is False
    assert cells[("employ", "google-300x250")]["listed"] is True


def test_the_roster_round_trips_through_the_saver(campaign_path, tmp_path):
    from creative_studio.model.saver import save_campaign

    _with_roster(campaign_path, ANN % ("A" * 43 + "=") + BOB)
    c = load_campaign(campaign_path)
    before = campaign_path.read_text(encoding="utf-8")
    out = tmp_path / "copy.yaml"
    save_campaign(c, out)
    assert load_campaign(out).roster == c.roster
    assert "{name: Bob Jones, role: Comms lead}" in out.read_text(encoding="utf-8")
    assert campaign_path.read_text(encoding="utf-8") == before


# -- signatures ------------------------------------------------------------------------------------


def test_keygen_writes_a_private_key_only_its_owner_can_read(tmp_path, capsys):
    key, public = _keygen(tmp_path, capsys, "ann.key")
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert open(key).read().startswith("-----BEGIN PRIVATE KEY-----")
    assert len(base64.b64decode(public)) == 32
    assert run(["review", "keygen", "-o", key]) == 2  # never replaces a key
    assert "already exists" in capsys.readouterr().err


def test_a_signed_decision_verifies_and_a_tampered_one_fails(campaign_path, tmp_path, capsys):
    key, public = _keygen(tmp_path, capsys, "ann.key")
    _with_roster(campaign_path, ANN % public + BOB)
    base = ["review", "set", str(campaign_path), "-f", "google-300x250", "--status", "approved"]
    assert run(base + ["-m", "freedom", "--by", "Ann Smith", "--sign-key", key, "--note", "cleared"]) == 0
    assert ", signed" in capsys.readouterr().out
    assert run(base + ["-m", "employ", "--by", "Bob Jones"]) == 0
    capsys.readouterr()
    assert run(["review", "verify", str(campaign_path)]) == 0
    out = capsys.readouterr().out
    assert "verified: 2 decision(s), chain ok, 1 valid signature(s), 0 problem(s)" in out
    assert run(["review", "status", str(campaign_path)]) == 0
    assert "[signed]" in capsys.readouterr().out

    # A forger changes Ann's note and recomputes every hash (seq, prev, head): the chain holds,
    # the signature does not.
    log = load_reviews(campaign_path)
    c = load_campaign(campaign_path)
    from dataclasses import replace

    first = replace(log.history[0], note="cleared, no helpline needed")
    second = replace(log.history[1], prev=record_hash(first.to_yaml_dict()))
    review_path(c).write_text(format_review_file("stopitnow.yaml", c.id, (first, second)), encoding="utf-8")
    (review_path(c).parent / "stopitnow.review-cache" / "chain-head.json").unlink()
    assert load_reviews(c).chain.state == "ok"
    assert run(["review", "verify", str(campaign_path)]) == 1
    out = capsys.readouterr().out
    line = load_reviews(c).lines[0]
    assert (
        f"{review_path(c)}:{line}: decision 1 (freedom / google-300x250, approved by Ann Smith): the signature" in out
    )
    assert "does not verify" in out and "FAILED" in out
    # ... and export --approved-only refuses such a history.
    with pytest.raises(ReviewError, match="signed decision was altered"):
        approved_hashes(c)


def test_a_wrong_key_is_refused_and_a_decision_signed_with_it_fails_verify(campaign_path, tmp_path, capsys):
    key, public = _keygen(tmp_path, capsys, "ann.key")
    other, _ = _keygen(tmp_path, capsys, "mallory.key")
    _with_roster(campaign_path, ANN % public)
    set_ = ["review", "set", str(campaign_path), "-m", "freedom", "-f", "google-300x250", "--status", "approved"]
    assert run(set_ + ["--by", "Ann Smith", "--sign-key", other]) == 2
    assert "the signing key is not the one the campaign lists for 'Ann Smith'" in capsys.readouterr().err
    assert not review_path(campaign_path).exists()
    # Signed with the wrong key by other means (a forger's script): verify says so.
    from creative_studio.base.keys import load_private_key, sign

    c = load_campaign(campaign_path)
    d = record_decision(c, "freedom", "google-300x250", "approved", "Ann Smith", sha256=SHA_A)
    from dataclasses import replace

    forged = replace(d, sig=sign(load_private_key(other), d.signed_bytes))
    review_path(c).write_text(format_review_file("stopitnow.yaml", c.id, (forged,)), encoding="utf-8")
    (review_path(c).parent / "stopitnow.review-cache" / "chain-head.json").unlink(missing_ok=True)
    assert run(["review", "verify", str(campaign_path)]) == 1
    out = capsys.readouterr().out
    assert "the signature does not verify with Ann Smith's public key" in out


def test_verify_reports_unsigned_approvals_by_keyed_reviewers_and_chain_breaks(campaign_path, tmp_path, capsys):
    _, public = _keygen(tmp_path, capsys, "ann.key")
    _with_roster(campaign_path, ANN % public + BOB)
    c = load_campaign(campaign_path)
    record_decision(c, "freedom", "google-300x250", "approved", "Ann Smith", sha256=SHA_A)
    record_decision(c, "employ", "google-300x250", "approved", "Bob Jones", sha256=SHA_B)
    assert run(["review", "verify", str(campaign_path)]) == 1
    out = capsys.readouterr().out
    assert "is not signed, though Ann Smith has a public key" in out
    text = review_path(c).read_text(encoding="utf-8")
    review_path(c).write_text(text.replace('"Bob Jones"', '"Ann Smith"'), encoding="utf-8")
    assert run(["review", "verify", str(campaign_path)]) == 1
    assert "the last decision was changed after it was recorded" in capsys.readouterr().out


def test_a_bad_key_file_is_bad_input(campaign_path, tmp_path, capsys):
    _with_roster(campaign_path, BOB)
    junk = tmp_path / "junk.key"
    junk.write_text("hello")
    rc = run(["review", "set", str(campaign_path), "-m", "freedom", "-f", "google-300x250", "--status", "approved",
              "--by", "Bob Jones", "--sign-key", str(junk)])  # fmt: skip
    assert rc == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{junk}: not a private key file") and "Traceback" not in err


def test_the_sign_off_sheet_states_the_history(campaign_path, tmp_path, capsys):
    import subprocess

    key, public = _keygen(tmp_path, capsys, "ann.key")
    _with_roster(campaign_path, ANN % public + BOB)
    set_ = ["review", "set", str(campaign_path), "-f", "google-320x50", "--status", "approved"]
    assert run(set_ + ["-m", "freedom", "--by", "Ann Smith", "--sign-key", key]) == 0
    assert run(set_ + ["-m", "family", "--by", "Bob Jones"]) == 0
    c = load_campaign(campaign_path)
    record_decision(c, "employ", "google-320x50", "rejected", "Mallory", sha256=SHA_A)
    head = load_reviews(c).chain.head

    def sheet_text() -> str:
        pdf = tmp_path / "sheet.pdf"
        assert run(["review", "sheet", str(campaign_path), "-o", str(pdf)]) == 0
        out = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        return " ".join(out.split())

    text = sheet_text()
    assert "Sign-off history hash chain intact; 1 of 3 decisions carry a valid signature" in text
    assert f"Chain head sha256 {head}" in text
    assert "Mallory (not a listed reviewer)" in text
    assert "Sign-off required from: Ann Smith (Legal reviewer), Bob Jones (Comms lead)" in text
    review_path(c).write_text(review_path(c).read_text("utf-8").replace('"Bob Jones"', '"Ann Smith"'), "utf-8")
    assert "ALTERED: stopitnow.review.yaml:" in sheet_text()
