"""`review status | set | sheet | verify | keygen`: sign-off from the command line."""

from __future__ import annotations

from .common import add_language

NAME = "review"


def register(sub) -> None:
    rv = sub.add_parser("review", help="sign-off: status, set a decision, the sign-off sheet")
    rsub = rv.add_subparsers(dest="review_command", required=True)
    st = rsub.add_parser("status", help="sign-off state of every message x format")
    st.add_argument("campaign")
    st.add_argument("--json", action="store_true")
    add_language(st, many=True)
    se = rsub.add_parser("set", help="record a decision against the current render's hash")
    se.add_argument("campaign")
    se.add_argument("-m", "--message", required=True)
    se.add_argument("-f", "--format", required=True)
    se.add_argument("--status", required=True, choices=["approved", "changes-requested", "rejected"])
    se.add_argument("--by", required=True, help="the reviewer's name")
    se.add_argument("--role", default="", help="the reviewer's role, e.g. Legal")
    se.add_argument("--note", default="")
    se.add_argument("--sign-key", metavar="KEYFILE", help="sign the decision with your Ed25519 private key")
    add_language(se)
    sh = rsub.add_parser("sheet", help="the sign-off sheet as PDF")
    sh.add_argument("campaign")
    sh.add_argument("-o", "--output", required=True)
    add_language(sh)
    ve = rsub.add_parser("verify", help="check the hash chain and every signature (exit 1 on any problem)")
    ve.add_argument("campaign")
    kg = rsub.add_parser("keygen", help="create an Ed25519 signing key (mode 0600) and print its public key")
    kg.add_argument("-o", "--output", required=True, metavar="KEYFILE")
    rv.set_defaults(func=run)


def run(args) -> int:
    from .. import review

    return review.cli(args)
