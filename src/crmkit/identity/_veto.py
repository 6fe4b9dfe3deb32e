"""Vetoes: the rules that keep a pair out of the match band whatever its weight.

Fellegi–Sunter assumes the comparisons independent given the match status, and households
break that assumption where the texts' false merges live (L5167–5170): relatives share a
family name, an address and often a landline, and those agreements can outvote everything
else. These rules, applied on top of the weights, hold such pairs back and say why: a pair
that looks like two relatives, or one in which nothing identifies a person at all. The
cluster check reads the reason (see :func:`crmkit.identity.dedupe`).

This module imports the standard library, crmkit's comparisons and settings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from crmkit.identity._compare import Comparison
from crmkit.identity._settings import MatchSettings

__all__ = ["VetoReason", "cluster_score", "veto_reason_rule", "veto_rule"]


def veto_rule(
    comparisons: Sequence[Comparison], settings: MatchSettings
) -> Callable[[Sequence[int]], bool]:
    """The rule that keeps a pair out of the match band whatever its weight.

    A vetoed pair goes to review at most and never links a cluster. *Person evidence* is an
    agreement of a ``settings.person_evidence`` comparison at an identifying level (not
    birth dates a month apart, a shared e-mail domain or a landline; a typo's agreement, one
    edit or a day/month transposition apart, only when the pair shares a name); an
    *identifier* is person evidence other than the birth date, which twins share. A pair
    is vetoed:

    - when nothing identifies a person: no person evidence, and the given and family names
      do not both agree (a shared address, landline, family name or given name alone never
      merges two people: the texts' households and unnumbered apartments, L5167–5170). A
      nickname at home, at the same street address or sharing a number that is not a
      known mobile (a household's landline; "Johannes" and "John" Miller) or a similarly
      spelt given name (Jaro–Winkler level: "Sarnuel" / "Samuel", but also "Daniel" /
      "Danielle") is no name agreement here;
    - under one family name with fewer than two exact pieces of person evidence (relatives
      may share a birth date or an e-mail, not both; a typo's agreement does not count
      toward the two), when it looks like two relatives: a nickname at home that differs
      on a phone, birth date, e-mail or id (a relative's own), or a similarly spelt given
      name, unless an identifier agrees exactly and no birth date or sex disagrees; or
      else a ``settings.veto`` comparison (given name, birth date, title) that disagrees
      outright. Any family-name agreement level counts as one family, a family name filed
      in the other record's given-name field (level ``crossed``) too. When the family names
      disagree or are missing, the pattern is not a household's (a re-keyed or swapped
      name) and the weights decide.

    :func:`veto_reason_rule` tells the two apart.

    >>> from crmkit.identity._compare import Level
    >>> from crmkit.identity._settings import MatchSettings
    >>> from crmkit.identity._blocking import BlockingRule
    >>> given = Comparison(name="given_name", key="given", levels=(Level(kind="exact"),))
    >>> family = Comparison(name="family_name", key="family", levels=(Level(kind="exact"),))
    >>> street = Comparison(name="street", key="street", levels=(Level(kind="exact"),))
    >>> settings = MatchSettings(comparisons=(given, family, street),
    ...     blocking_rules=(BlockingRule(name="street", keys=("street",)),))
    >>> vetoed = veto_rule(settings.comparisons, settings)
    >>> vetoed((2, 2, 1)), vetoed((2, 1, 1)), vetoed((1, 1, 1)), vetoed((1, 2, 1))
    (True, True, False, True)
    """
    reason = veto_reason_rule(comparisons, settings)
    return lambda vector: reason(vector) is not None


#: Why a pair is vetoed: nothing in it identifies one person ("unidentified"), or it looks
#: like two relatives ("relative": a given name, birth date or title that disagrees under
#: one family name, or what a relative has of their own).
VetoReason = Literal["unidentified", "relative"]


def cluster_score(reason: VetoReason | None, probability: float) -> float | None:
    """What a pair says when a cluster is checked for holding together.

    A pair vetoed as two relatives counts as 0. One vetoed for want of evidence ("Betty"
    and "Elizabeth" Jones at one address, nothing else) has no opinion (``None``): the
    cluster's other members decide. Any other pair counts with its probability. On
    generated data (100,000 records) the "no opinion" reading raised recall from 0.969 to
    0.975 with no household merged; treating relatives as a hard cannot-link instead of 0
    cost 1 % of recall, as some true duplicates are vetoed as relatives ("Kate" /
    "Catherine" are not in the nickname table).

    >>> [cluster_score(reason, 0.99) for reason in ("relative", "unidentified", None)]
    [0.0, None, 0.99]
    """
    if reason == "unidentified":
        return None
    if reason is not None:
        return 0.0
    return probability


def veto_reason_rule(
    comparisons: Sequence[Comparison], settings: MatchSettings
) -> Callable[[Sequence[int]], VetoReason | None]:
    """:func:`veto_rule`, telling why: ``None`` when the pair is not vetoed.

    A cluster check reads the difference: a pair vetoed as ``"unidentified"`` says nothing
    about whether its records are one person, one vetoed as ``"relative"`` says they are not.
    """
    vetoes = [(k, c.level_count - 1) for k, c in enumerate(comparisons) if c.name in settings.veto]
    family = next(
        ((k, c.level_count - 1) for k, c in enumerate(comparisons) if c.key == "family"), None
    )
    strong = [_strong_levels(c) for c in comparisons]
    exact = [_strong_levels(c, left_out=_APPROXIMATE_KINDS) for c in comparisons]
    # agreement without a keying error, even a transposition: what identifies a pair that
    # has no name in common
    equal = [
        _strong_levels(c, left_out=_APPROXIMATE_KINDS | {"date_transposed"}) for c in comparisons
    ]
    evidence = [k for k, c in enumerate(comparisons) if c.name in settings.person_evidence]
    given = next((k for k, c in enumerate(comparisons) if c.key == "given"), None)
    family_index = family[0] if family is not None else None

    street = next((k for k, c in enumerate(comparisons) if c.key == "street"), None)
    nickname_levels = (
        frozenset(
            i
            for i, lv in enumerate(comparisons[given].levels, start=1)
            if lv.kind in _AT_HOME_DOUBTFUL_KINDS
        )
        if given is not None
        else frozenset()
    )
    # given-name levels of a similar spelling only: not a name agreement, and a veto like a
    # disagreement unless an identifier (not a birth date: twins share one) agrees
    similar_levels = (
        frozenset(
            i
            for i, lv in enumerate(comparisons[given].levels, start=1)
            if lv.kind in _SIMILAR_NAME_KINDS
        )
        if given is not None and comparisons[given].name in settings.veto
        else frozenset()
    )
    identifiers = [k for k in evidence if comparisons[k].key != "birth_date"]
    # what a relative has of their own (a household may share a landline, not a mobile)
    own_fields = [
        (k, c.level_count - 1)
        for k, c in enumerate(comparisons)
        if k in evidence or c.key == "phone"
    ]

    # a shared number that is not known to be one person's mobile: a household's line
    phone = next((k for k, c in enumerate(comparisons) if c.key == "phone"), None)
    landline_levels = (
        frozenset(
            i for i, lv in enumerate(comparisons[phone].levels, start=1) if lv.kind == "exact"
        )
        if phone is not None
        else frozenset()
    )

    def agrees(k: int | None, vector: Sequence[int]) -> bool:
        return k is not None and 0 < vector[k] < comparisons[k].level_count - 1

    def reason(vector: Sequence[int]) -> VetoReason | None:
        # a nickname under one family name at one street address, or on one landline (a
        # relative who moved, "Jonathan" / "Johannes" Nuttall), may be a relative
        nickname_at_home = (
            given is not None
            and vector[given] in nickname_levels
            and agrees(family_index, vector)
            and (agrees(street, vector) or (phone is not None and vector[phone] in landline_levels))
        )
        named = (
            given is not None
            and agrees(given, vector)
            and vector[given] not in similar_levels
            and agrees(family_index, vector)
            and not nickname_at_home
        )
        # with no name in common, only exact evidence identifies: a transposed birth date
        # at one address is a neighbour's ("Jennifer Wisniewski" / "Joseph Thomas")
        some_name = agrees(family_index, vector) or (
            given is not None and agrees(given, vector) and vector[given] not in similar_levels
        )
        identified = sum(1 for k in evidence if vector[k] in (strong[k] if some_name else equal[k]))
        household = (
            family is not None
            and vector[family[0]] not in {0, family[1]}  # missing or different: a re-keyed name
            # relatives share a birth date or an e-mail, not two (and not one keystroke apart)
            and sum(1 for k in evidence if vector[k] in exact[k]) < _OVERRULING_EVIDENCE
        )
        if household:
            # an exact identifier, and no other birth date or sex, makes a doubtful name one
            # person's; an e-mail one keystroke off does not ("f.nowak@" / "fnowak@")
            identifier = any(vector[k] in exact[k] for k in identifiers) and not any(
                vector[k] == last for k, last in vetoes if k != given
            )
            if nickname_at_home and any(vector[k] == last for k, last in own_fields):
                # a relative with a phone, birth date or e-mail of their own: "Mary" and
                # "Maria" twins share a birth date, so only an identifier tells one person
                if not identifier:
                    return "relative"
            elif given is not None and vector[given] in similar_levels:
                # "Sarnuel" / "Samuel": a re-keyed name if an identifier agrees, else relatives
                if not identifier:
                    return "relative"
            elif any(vector[k] == last for k, last in vetoes):
                return "relative"  # a household member: another given name, birth date, sex
        if not named and not identified:
            return "unidentified"  # nothing identifies the person: address, phone or a name
        return None

    return reason


#: Level kinds too loose to identify a person on their own: an initial, a sound-alike family
#: name, birth dates a month apart, a shared e-mail domain or phone suffix. They add weight
#: but are not the person evidence (or the name agreement) that lets a pair match.
_WEAK_LEVEL_KINDS = frozenset(
    {"initial", "phonetic", "date_within", "prefix", "phone_suffix", "email_domain"}
)


#: Given-name level kinds that may be a relative's name at home: "Bob" for a Robert, or
#: "Peter" for a Patrick (the nickname table lists it). Initials were measured too ("C." for
#: a Caroline or her brother Cormac): −0.3 % recall on 20,000 generated records (−0.15 %
#: when an initial at home only needed an identifier where an own field differs), for one
#: household pair per 1,000,000 records.
_AT_HOME_DOUBTFUL_KINDS = frozenset({"nickname"})


#: Level kinds that make a given-name level "similar spelling only" (see :func:`veto_rule`).
_SIMILAR_NAME_KINDS = frozenset({"jaro_winkler", "phonetic"})


#: Person-evidence agreements that overrule a veto: twins share a birth date and families
#: an e-mail address, but two relatives sharing two of birth date, e-mail and national id
#: are far rarer than one person whose given name was re-keyed or replaced.
_OVERRULING_EVIDENCE = 2


def _strong_levels(
    comparison: Comparison, *, left_out: frozenset[str] = frozenset()
) -> frozenset[int]:
    """The level indices of a comparison that count as agreement for person evidence.

    ``left_out`` names level kinds not to count besides the weak ones: the approximate kinds
    for the evidence that may overrule a household veto.
    """
    if any(level.kind == "mobile" for level in comparison.levels):
        # the line type is known: a mobile is one person's, a landline may be a household's
        return frozenset(
            index
            for index, level in enumerate(comparison.levels, start=1)
            if level.kind == "mobile"
        )
    return frozenset(
        index
        for index, level in enumerate(comparison.levels, start=1)
        if level.kind not in _WEAK_LEVEL_KINDS | left_out
    )


#: Level kinds that agree up to a typo. They identify a person (an e-mail or birth date one
#: keystroke off) when the pair shares a name, as does a birth date with day and month
#: transposed, but two of them do not overrule a household veto: relatives' e-mail
#: addresses can be one keystroke apart ("d.read@" and "t.read@", twins who also share a
#: birth date).
_APPROXIMATE_KINDS = frozenset({"levenshtein", "damerau_levenshtein"})
