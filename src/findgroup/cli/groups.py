"""The commands about one group: show its details, open its page, put its meetings in a calendar."""

from typing import Annotated, Any

import typer

from findgroup.cli.context import Context, ExitStatus, fail, read_catalogues, say
from findgroup.cli.options import (
    CatalogOption,
    DetailFormat,
    DetailFormatOption,
    GroupIdArgument,
    OfflineOption,
    ZoneOption,
    completer,
)


def _ref(index: Any, group_id: str) -> int:
    """A group's ref by id; exit 1, suggesting the closest ids, when there is none."""
    from findgroup.suggest import closest_many

    ref = index.find(group_id)
    if ref is None:
        close = closest_many(group_id, index.ids, 3)
        hint = ("; did you mean " + " or ".join(f"'{c}'" for c in close) + "?") if close else ""
        say(f"No group with id '{group_id}'{hint} (ids are shown by 'findgroup search NEED')")
        raise typer.Exit(ExitStatus.NONE)
    return int(ref)


def show(
    group_id: GroupIdArgument,
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    tz: ZoneOption = None,
    at: Annotated[
        str | None, typer.Option(metavar="WHEN", help="List meetings after this ISO 8601 moment.")
    ] = None,
    count: Annotated[
        int, typer.Option(min=1, max=52, metavar="N", help="Upcoming dates per meeting.")
    ] = 3,
    ics: Annotated[
        bool, typer.Option("--ics", help="Write an iCalendar file of the group's meetings.")
    ] = False,
    output: DetailFormatOption = DetailFormat.table,
) -> None:
    """Everything about one group, with each meeting's next dates."""
    from findgroup.render.data import to_json
    from findgroup.render.details import show_record, show_text
    from findgroup.schedule import occurrences

    ctx = Context()
    reader_tz = ctx.zone(tz)
    now = ctx.moment(at, reader_tz)

    def text(index: Any) -> str:
        ref = _ref(index, group_id)
        group = index.group(ref)
        if ics:
            return _calendar([group], now)
        upcoming = [(m, occurrences(m, now, count)) for m in group.meetings]
        feedback = index.feedback_for(ref)
        if output is DetailFormat.json:
            return to_json(show_record(group, upcoming, feedback))
        topics = {t: found for t in group.topics if (found := index.topic(t)) is not None}
        audiences = index.audiences()
        return show_text(group, upcoming, topics, audiences, feedback, reader_tz, ctx.today())

    ctx.write(read_catalogues(ctx, catalog, offline, text))


def _calendar(groups: list[Any], now: Any) -> str:
    from findgroup.render.ics import calendar
    from findgroup.schedule import next_occurrence

    for group in groups:
        if not any(next_occurrence(m, now) for m in group.meetings):
            why = "no fixed meetings" if not group.meetings else "no upcoming meetings"
            fail(
                f"'{group.id}' has {why} to put in a calendar"
                + (f"; {group.schedule_note}" if group.schedule_note else ""),
                ExitStatus.NONE,
            )
    return calendar(groups, now)


def ics(
    group_ids: Annotated[
        list[str],
        typer.Argument(metavar="ID...", help="Group ids.", autocompletion=completer("groups")),
    ],
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
    at: Annotated[
        str | None, typer.Option(metavar="WHEN", help="Start the calendar at this moment.")
    ] = None,
) -> None:
    """Write one iCalendar file with every meeting of the given groups (> groups.ics)."""
    ctx = Context()
    now = ctx.moment(at, ctx.zone(None))

    def text(index: Any) -> str:
        return _calendar([index.group(_ref(index, group_id)) for group_id in group_ids], now)

    ctx.write(read_catalogues(ctx, catalog, offline, text))


def open_group(
    group_id: GroupIdArgument,
    catalog: CatalogOption = None,
    offline: OfflineOption = False,
) -> None:
    """Open a group's page in your browser (or print its address when there is no browser)."""
    import webbrowser

    from findgroup.safe_text import clean_line

    ctx = Context()
    group = read_catalogues(ctx, catalog, offline, lambda index: index.group(_ref(index, group_id)))
    url = group.url or group.finder_url or group.source
    if not url:
        fail(f"'{group.id}' lists no web page", ExitStatus.NONE)
    opened = False
    if ctx.env.get("BROWSER") != "none":
        try:
            opened = webbrowser.open(url)
        except webbrowser.Error:
            opened = False
    if not opened:
        ctx.write(clean_line(url) + "\n")
        return
    say(f"Opened {clean_line(url)}")
