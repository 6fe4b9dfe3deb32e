"""``crmkit demo``: the library's main jobs on generated data, with a readable summary.

Each subpackage adds its part as it lands. Everything here runs on data the library
generates (:func:`crmkit.testing.generate_contacts`), so the demo needs no files or network.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal
from typing import TextIO

from crmkit.cli._demo_lifecycle import lifecycle_demo
from crmkit.cli._demo_scoring import scoring_demo
from crmkit.cli._demo_value import value_demo
from crmkit.cli._validate import write_text_report
from crmkit.identity import MostRecent, SurvivorshipPolicy, dedupe, evaluate, merge
from crmkit.testing import contact_schema, generate_contacts, generate_people
from crmkit.validation import (
    TEXTBOOK_DECAY_RATES,
    ValidationReport,
    WasteCategory,
    WasteLine,
    audit_sample_size,
    clean_record,
    data_quality_waste,
    dormancy,
    half_life,
    record_survival,
    validate_records,
)

#: Illustrative unit costs for the waste estimate. The CRM texts name the waste categories
#: (L3639-3678) but give no prices; a real estimate uses the organisation's own costs.
ILLUSTRATIVE_COST_PER_RETURNED_LETTER = Decimal("1.20")
ILLUSTRATIVE_COST_PER_BOUNCED_EMAIL = Decimal("0.05")

DEMO_AS_OF = dt.date(2026, 1, 1)  # fixed, so the demo prints the same figures every run
CLEANED_SHOWN = 3  # records whose cleaning is shown change by change
GOLDEN_SHOWN_SIZE = 3  # the demo shows the golden record of the first cluster this large


def _heading(out: TextIO, text: str) -> None:
    out.write(f"\n{text}\n{'=' * len(text)}\n")


def run_demo(*, records: int, seed: int, out: TextIO) -> int:
    """Run the demo and write its summary to ``out``."""
    out.write(f"crmkit demo: {records} generated contacts (seed {seed}), as of {DEMO_AS_OF}\n")
    contacts = generate_contacts(records, rng=random.Random(seed), as_of=DEMO_AS_OF)
    schema = contact_schema()

    _heading(out, "1. Validation: a data-quality report")
    started = time.perf_counter()
    report = validate_records(contacts, schema, as_of=DEMO_AS_OF)
    elapsed = time.perf_counter() - started
    write_text_report(report, out=out, title="generated contacts")
    out.write(f"\n({records / elapsed:,.0f} records/s on this machine)\n")

    _heading(out, "2. Cleaning: normalised copies, every change kept")
    shown = 0
    for contact in contacts:
        cleaned = clean_record(contact, schema, as_of=DEMO_AS_OF)
        if not cleaned.changes:
            continue
        out.write(f"record {contact['id']}:\n")
        out.writelines(
            f"  {change.field}: {change.before!r} -> {change.after!r}\n"
            for change in cleaned.changes
        )
        shown += 1
        if shown == CLEANED_SHOWN:
            break

    _heading(out, "3. Maintenance: decay, audits, the cost of poor data, dormancy")
    _maintenance(report, records=records, out=out)

    _heading(out, "4. Merge-purge: duplicates, explanations, golden records")
    _merge_purge(records=records, seed=seed, out=out)

    _heading(out, "5. Customer value: unit economics, CLV models, profitability")
    value_demo(customers=records, seed=seed, out=out)

    _heading(out, "6. Lead scoring: score, explain, backtest, learn; RFM segments")
    scoring_demo(leads=records, seed=seed, as_of=DEMO_AS_OF, out=out)

    _heading(
        out, "7. Life-cycles: a lead funnel replayed, funnel report, cohorts, migration, pipeline"
    )
    lifecycle_demo(subjects=records, seed=seed, out=out)
    return 0


def _merge_purge(*, records: int, seed: int, out: TextIO) -> None:
    people = generate_people(records, rng=random.Random(seed))
    started = time.perf_counter()
    result = dedupe(people.records)
    elapsed = time.perf_counter() - started
    out.write(
        f"{records} generated customer records (30% duplicates, households and namesakes "
        f"that are not duplicates), de-duplicated in {elapsed:.1f} s without labels:\n"
    )
    out.write(f"{evaluate(result, people.truth)}\n")
    cluster_of = {rid: n for n, cluster in enumerate(result.clusters) for rid in cluster}
    merged = sum(
        1
        for group in people.households
        for i, a in enumerate(group)
        for b in group[i + 1 :]
        if cluster_of[a] == cluster_of[b]
    )
    out.write(f"household members merged (the texts' false-merge case): {merged} pairs\n")
    matches = [p for p in result.pairs if p.band == "match"]
    if matches:
        out.write("\nWhy one pair matched:\n" + matches[0].explain() + "\n")
    shown = next((c for c in result.clusters if len(c) >= GOLDEN_SHOWN_SIZE), result.clusters[0])
    by_id = {str(r["id"]): r for r in people.records}
    golden = merge([by_id[i] for i in shown], policy=SurvivorshipPolicy(default=MostRecent()))
    out.write(f"\nGolden record of the first cluster of {len(shown)} records:\n{golden}\n")


def _maintenance(report: ValidationReport, *, records: int, out: TextIO) -> None:
    out.write("Share of records still fully correct with the texts' annual change rates\n")
    out.write("(19% job changes, 8% relocations, 5% postcode changes, 1.2% deaths; L5186-5195):\n")
    for years in (1, 2, 3):
        survival = record_survival(TEXTBOOK_DECAY_RATES, years=years)
        out.write(f"  after {years} year(s): {survival:.1%}\n")
    out.write(
        f"  half of the records are stale after {half_life(TEXTBOOK_DECAY_RATES):.1f} years\n"
    )
    sample = audit_sample_size(population=records, confidence=0.95, margin=0.05)
    out.write(f"Audit sample for {records:,} records at 95% confidence, +/-5 points: {sample:,}\n")

    postcode, email = report.fields["postcode"], report.fields["email"]
    bad_postcodes = postcode.invalid + postcode.missing
    bounced = email.invalid + email.missing
    waste = data_quality_waste(
        [
            WasteLine(
                WasteCategory.RETURNED_MAIL,
                quantity=bad_postcodes,
                unit_cost=ILLUSTRATIVE_COST_PER_RETURNED_LETTER,
                label="letters",
            ),
            WasteLine(
                WasteCategory.EMAIL_BOUNCED_OR_DUPLICATED,
                quantity=bounced,
                unit_cost=ILLUSTRATIVE_COST_PER_BOUNCED_EMAIL,
                label="e-mails",
            ),
        ]
    )
    out.write("Waste of one mailing to every record (illustrative unit costs, not the texts'):\n")
    out.writelines(
        f"  {line.category.value}: {line.quantity:,} x {line.unit_cost} = {line.cost}\n"
        for line in waste.lines
    )
    out.write(f"  total: {waste.total}\n")

    weekly = [DEMO_AS_OF - dt.timedelta(days=30 + 7 * k) for k in range(10)]
    monthly = [DEMO_AS_OF - dt.timedelta(days=30 + 30 * k) for k in range(10)]
    out.write("Dormancy (the texts' weekly buyer who has not bought for a month, L4680-4682):\n")
    for label, history in (("weekly buyer", weekly), ("monthly buyer", monthly)):
        status = dormancy(history, as_of=DEMO_AS_OF)
        verdict = "dormant" if status.dormant else "active"
        out.write(
            f"  {label}, quiet {status.days_inactive} days, window "
            f"{status.window.days} days: {verdict}\n"
        )
