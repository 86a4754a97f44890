"""The sources policy as rules: kinds of source, banned hosts, and what each confidence level needs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sahelreport.data.bibliography import Source
from sahelreport.data.problems import Problem

SOURCE_KINDS: dict[str, str] = {
    "official": "a government, ministry, army, parliament, court, UN / AU / ECOWAS / AES body, "
    "or an armed group's own communiqué",
    "wire": "a news agency's dispatch (AFP, AP, Reuters, EFE…), at the agency's page or a licensed publisher's",
    "press": "newspapers, broadcasters and magazines",
    "state-media": "outlets run by a government (APS, AMAP, MAP, TRT, Sputnik, CGTN…)",
    "research": "peer-reviewed work, books, theses, think tanks, NGOs, UN panels",
    "reference": "encyclopedias and gazetteers",
    "opinion": "blogs, op-eds and advocacy",
}
INDEPENDENT_KINDS = frozenset({"official", "wire", "press", "research"})  # what a `high` event needs one of
WEAK_KINDS = frozenset({"reference", "opinion"})  # no event rests on these alone
HOST_VERDICTS = ("mirror", "fork", "proxy", "content-farm", "aggregator")
CANONICAL_ENCYCLOPEDIA = re.compile(
    r"^(?:[a-z]{2,3}\.wikipedia\.org|(?:www\.)?britannica\.com|(?:www\.)?universalis\.fr|(?:www\.)?larousse\.fr)$"
)
LOOKS_LIKE_ENCYCLOPEDIA = re.compile(r"wiki|baike|britannica|universalis|larousse|academic\.com")
# A quantity: a number with a unit or a counted noun, or a currency sign before it.
QUANTITY = re.compile(
    r"(?:[$€£]\s?\d|\b\d[\d,.]*\s*(?:%|per\s?cent|percent|km\b|kilomet|miles?\b|metres?\b|"
    r"(?:[a-z]+\s){0,2}(?:dead|deaths|killed|people|civilians|soldiers|fighters|troops|men|refugees|"
    r"migrants|displaced|hostages|prisoners|rebels|combatants|victims|casualties|wounded)|"
    r"(?:thousand|million|billion|bn)\b|dollars|euros|CFA))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class HostRule:
    """A host that is never a source, and why."""

    host: str
    verdict: str
    note: str

    def matches(self, host: str) -> bool:
        return host == self.host or host.endswith("." + self.host)


def host_rules(rows: Iterable[dict[str, str]]) -> list[HostRule]:
    """The banned-host list from data/source-hosts.csv rows."""
    return [HostRule(r["host"].lower(), r["verdict"], r.get("note", "")) for r in rows]


def banned_host(host: str, rules: list[HostRule]) -> HostRule | None:
    """The rule that bans a host, if any."""
    return next((rule for rule in rules if rule.matches(host)), None)


def check_source_entries(sources: dict[str, Source], rules: list[HostRule], shown: str) -> list[Problem]:
    """Every entry has a known kind and a publisher, sits on no banned host, cites an encyclopedia canonically."""
    problems = []
    for key, s in sources.items():
        def problem(column: str, value: str, message: str, s: Source = s, key: str = key) -> None:
            problems.append(Problem(shown, s.line, column, value, f"entry {key}: {message}"))

        if s.kind not in SOURCE_KINDS:
            problem("kind", s.kind, "unknown source kind; use one of: " + ", ".join(SOURCE_KINDS))
        if not s.publisher:
            problem("publisher", "", "entry has no publisher")
        rule = banned_host(s.host, rules)
        if rule:
            problem("url", s.url, f"address on a {rule.verdict} host ({rule.note}); cite the original work")
        elif LOOKS_LIKE_ENCYCLOPEDIA.search(s.host) and not CANONICAL_ENCYCLOPEDIA.match(s.host):
            problem("url", s.url, "an encyclopedia must be cited at its canonical address (e.g. en.wikipedia.org)")
        elif CANONICAL_ENCYCLOPEDIA.match(s.host) and s.kind in SOURCE_KINDS and s.kind != "reference":
            problem("kind", s.kind, "an encyclopedia page is of kind 'reference'")
    return problems


def _publisher_id(source: Source) -> str:
    return re.sub(r"[^a-z0-9]", "", source.publisher.lower())


def event_source_problems(row: dict[str, str], cited: list[Source]) -> list[tuple[str, str, str]]:
    """(column, value, message) for each rule of the sources policy that an event breaks."""
    found = []
    kinds = {s.kind for s in cited}
    if row["confidence"] == "high":
        publishers = {_publisher_id(s) for s in cited}
        if len(publishers) < 2:
            found.append(("confidence", "high", "'high' needs at least two sources from different publishers"))
        if not kinds & INDEPENDENT_KINDS:
            found.append(("confidence", "high", "'high' needs a source of kind official, wire, press or research"))
    if cited and kinds <= WEAK_KINDS:
        found.append(("sources", row["sources"], "rests only on reference or opinion sources"))
    has_number = bool(QUANTITY.search(row["description"])) or any(
        row.get(c) for c in ("fatalities_low", "fatalities_high")
    )
    if has_number and cited and kinds <= {"reference"}:
        found.append(("sources", row["sources"], "a number needs a source that is not an encyclopedia or gazetteer"))
    return found


def claim_source_problems(row: dict[str, str], cited: list[Source]) -> list[tuple[str, str, str]]:
    """A claim's evidence cites at least one source other than the text that makes the claim."""
    others = [s for s in cited if s.key != row["made_in"] and s.kind != "opinion"]
    if cited and not others:
        return [("sources", row["sources"], "the evidence must cite a source other than the claim's own text")]
    return []
