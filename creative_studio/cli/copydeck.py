"""`copydeck export | import`: the campaign's copy as a spreadsheet, for copywriters and translators."""

from __future__ import annotations

from .common import EXIT_OK, load

NAME = "copydeck"


def register(sub) -> None:
    cd = sub.add_parser("copydeck", help="export or import the copy deck (CSV or XLSX: one column per language)")
    csub = cd.add_subparsers(dest="copydeck_command", required=True)
    ex = csub.add_parser("export", help="write every copy value as a deck: message, field, scope, <language>...")
    ex.add_argument("campaign")
    ex.add_argument("-o", "--output", required=True, metavar="DECK.csv|DECK.xlsx")
    im = csub.add_parser(
        "import", help="apply a deck: new column = new language, new row = new override, empty cell = inherit"
    )
    im.add_argument("campaign")
    im.add_argument("deck", metavar="DECK.csv|DECK.xlsx")
    cd.set_defaults(func=run)


def run(args) -> int:
    from ..model.copydeck import export_deck, import_deck

    campaign = load(args.campaign)
    if args.copydeck_command == "export":
        n = export_deck(campaign, args.output)
        print(f"{args.output}: {n} row(s), languages {', '.join(campaign.languages)}")
        return EXIT_OK
    change = import_deck(campaign, args.deck)
    if not change.written:
        print(f"{args.campaign}: unchanged ({change.rows} row(s) read; the deck matches the campaign)")
        return EXIT_OK
    added = f"; added language(s) {', '.join(change.added_languages)}" if change.added_languages else ""
    print(f"{args.campaign}: {len(change.changed)} value(s) changed from {change.rows} row(s){added}")
    return EXIT_OK
