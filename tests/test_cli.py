"""The command line: the demo and `crmkit validate` on files the tests write."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import subprocess
import sys

import pytest

from crmkit.cli import main

CSV = (
    "id,name,email,phone,country,postcode,birth_date\n"
    "1,Ann O'Neil,ann@example.com,020 7946 0958,GB,SW1A 1AA,1970-03-01\n"
    "2,,bob@gmial.com,12345,US,90X10,2031-01-01\n"
)


def test_demo_prints_a_report_and_cleaning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--records", "300", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "300 records checked" in out
    assert "Cleaning" in out
    assert "->" in out
    assert "Merge-purge" in out
    assert "Golden record" in out
    assert "Lead scoring" in out
    assert "300 generated leads with" in out
    assert "leads reach the 65-point 'Lead' threshold" in out
    assert "Why L" in out
    assert "AUC" in out
    assert "Lift by decile:" in out
    assert "RFM segments of" in out
    assert "Life-cycles" in out
    assert "Weighted pipeline" in out
    assert "Customer value" in out
    assert "P(alive)" in out
    assert "whale curve" in out or "A/B/C classes" in out


def test_validate_text_report_and_exit_code(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(CSV, encoding="utf-8")
    code = main(
        ["validate", str(path), "--as-of", "2026-11-25", "--key", "id", "--require", "name"]
    )
    out = capsys.readouterr().out
    assert code == 1  # record 2 has errors
    assert "2 records checked" in out
    assert "record '2'" in out
    assert "did you mean 'bob@gmail.com'?" in out


def test_validate_json_is_machine_readable(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text(CSV, encoding="utf-8")
    main(["validate", str(path), "--json", "--as-of", "2026-11-25", "--key", "id"])
    data = json.loads(capsys.readouterr().out)
    assert data["record_count"] == 2
    codes = {(i["key"], i["field"], i["code"]) for i in data["issues"]}
    assert ("2", "postcode", "postcode.format") in codes
    assert ("2", "birth_date", "birth_date.in_future") in codes
    assert data["fields"]["email"]["present"] == 2


def test_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "no-such-file.csv"]) == 2
    assert "no-such-file.csv" in capsys.readouterr().err


def test_python_dash_m_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crmkit", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("crmkit ")


def _people_csv(tmp_path: pathlib.Path) -> tuple[pathlib.Path, int]:
    import csv
    import random

    from crmkit.testing import RECORD_FIELDS, generate_people

    people = generate_people(300, rng=random.Random(2))
    path = tmp_path / "people.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(RECORD_FIELDS))
        writer.writeheader()
        writer.writerows(
            {k: ("" if v is None else v) for k, v in r.items()} for r in people.records
        )
    return path, len(people.records)


def test_dedupe_writes_one_row_per_record(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, count = _people_csv(tmp_path)
    assert main(["dedupe", str(path)]) == 0
    captured = capsys.readouterr()
    rows = captured.out.strip().splitlines()
    assert rows[0] == "id,cluster_id,cluster_size"
    assert len(rows) == count + 1
    assert "s left" in captured.err  # the progress bar with its estimate


def test_dedupe_json_has_clusters_pairs_and_golden_records(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, count = _people_csv(tmp_path)
    assert main(["dedupe", str(path), "--json", "--quiet"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sum(len(c) for c in data["clusters"]) == count
    assert len(data["golden_records"]) == len(data["clusters"])
    assert data["stats"]["record_count"] == count


def test_link_two_files_one_to_one(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    path, count = _people_csv(tmp_path)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    left, right = tmp_path / "left.csv", tmp_path / "right.csv"
    for target, part in ((left, rows[: count // 2]), (right, rows[count // 2 :])):
        with target.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(part)
    assert main(["link", str(left), str(right), "--one-to-one", "--json", "--quiet"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sum(len(c) for c in data["clusters"]) == count
    assert max(len(c) for c in data["clusters"]) <= 2


def test_abc_time_driven_rates_and_profit(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Kaplan & Anderson 2004's unit times at 0.80 a minute: orders 6.40, inquiries 35.20;
    by hand acme 10 x 6.40 + 2 x 35.20 = 134.40, profit 1000 − 600 − 134.40 = 265.60."""
    (tmp_path / "act.csv").write_text("activity,unit_time\norders,8\ninquiries,44\n")
    (tmp_path / "use.csv").write_text(
        "customer_id,activity,quantity\nacme,orders,10\nacme,inquiries,2\nzen,inquiries,6\n"
    )
    (tmp_path / "rev.csv").write_text("customer_id,revenue,product_cost\nacme,1000,600\n")
    args = [
        "abc",
        str(tmp_path / "act.csv"),
        str(tmp_path / "use.csv"),
        "--revenue",
        str(tmp_path / "rev.csv"),
        "--capacity-cost",
        "560000",
        "--practical-capacity",
        "700000",
    ]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "customer_id,cost_to_serve,revenue,product_cost,profit,pareto_class"
    assert lines[1] == "acme,134.40,1000.00,600.00,265.60,A"
    assert lines[2] == "zen,211.20,0.00,0.00,-211.20,C"
    assert main([*args, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["rates"] == {"orders": pytest.approx(6.4), "inquiries": pytest.approx(35.2)}
    assert document["capacity"]["used_capacity"] == 10 * 8 + 8 * 44


def test_abc_classic_pools_and_a_clear_error(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Classic ABC: 392,000 / 49,000 orders = 8.00 per order (Kaplan & Anderson 2004)."""
    (tmp_path / "act.csv").write_text("activity,pool_cost,driver_quantity\norders,392000,49000\n")
    (tmp_path / "use.csv").write_text("customer_id,activity,quantity\nacme,orders,3\n")
    assert main(["abc", str(tmp_path / "act.csv"), str(tmp_path / "use.csv")]) == 0
    assert "acme,24.00" in capsys.readouterr().out
    (tmp_path / "bad.csv").write_text("activity,cost\norders,1\n")
    assert main(["abc", str(tmp_path / "bad.csv"), str(tmp_path / "use.csv")]) == 2
    assert "needs column 'rate'" in capsys.readouterr().err


def test_clv_writes_one_row_per_customer(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A generated CDNOW-like log (BG/NBD story): every customer gets P(alive) in [0, 1]
    and a finite, non-negative CLV; a customer without repeat purchases has P(alive) 1."""
    import datetime as dt
    import random

    from crmkit.testing import generate_transactions

    log = generate_transactions(800, rng=random.Random(11))
    lines = ["customer_id,date,amount"]
    lines += [f"{c},{d.isoformat()},{a}" for c, d, a in log.rows if d <= dt.date(1997, 9, 30)]
    path = tmp_path / "tx.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["clv", str(path), "--observation-end", "1997-09-30"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == len({c for c, d, _ in log.rows if d <= dt.date(1997, 9, 30)})
    for row in rows:
        assert 0.0 <= float(row["p_alive"]) <= 1.0
        assert float(row["clv"]) >= 0.0
        if row["frequency"] == "0":
            assert float(row["p_alive"]) == 1.0
    assert main(["clv", str(path), "--model", "pareto-nbd", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document["purchase_model"]) == {"model", "r", "alpha", "s", "beta"}


LEADS_CSV = "id,lead_source,title\n1,website,VP Sales\n2,referral,\n3,,Analyst\n"
EVENTS_CSV = (
    "lead_id,type,at,term,asset,path\n"
    "1,search,2026-03-01,Marketo pricing,,\n"
    "1,download,2026-03-01,,Marketo reviews,\n"
    "2,page_view,2026-03-02,,,/careers\n"
    "9,page_view,2026-03-02,,,/pricing\n"
)


def test_score_with_the_predictable_revenue_example(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ross & Tyler's points: website +7, search 'Marketo' +15, reviews +12 = 34 for lead 1;
    a careers page is +1 (any page) -10 (careers) = -9 for lead 2; lead 3 has nothing."""
    (tmp_path / "leads.csv").write_text(LEADS_CSV, encoding="utf-8")
    (tmp_path / "events.csv").write_text(EVENTS_CSV, encoding="utf-8")
    args = ["score", str(tmp_path / "leads.csv"), str(tmp_path / "events.csv")]
    assert main([*args, "--example", "predictable-revenue", "--explain"]) == 0
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert (rows["1"]["total"], rows["2"]["total"], rows["3"]["total"]) == ("34", "-9", "0")
    assert rows["1"]["reasons"] == "search_marketo +15; download_reviews +12; website_source +7"
    assert rows["1"]["thresholds"] == ""


def test_score_reads_an_edited_model_and_reports_a_bad_one(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "leads.csv").write_text(LEADS_CSV, encoding="utf-8")
    (tmp_path / "events.csv").write_text(EVENTS_CSV, encoding="utf-8")
    assert main(["score", "--example", "realtor", "--print-model"]) == 0
    model = json.loads(capsys.readouterr().out)
    model["rules"] = [
        {"id": "vp", "condition": {"field": "title", "op": "contains", "value": "vp"}, "points": 30}
    ]
    model["thresholds"] = [{"name": "MQL", "minimums": {"total": 30}}]
    model["groups"] = []  # the realtor groups would be left without rules: an error
    (tmp_path / "model.json").write_text(json.dumps(model), encoding="utf-8")
    args = ["score", str(tmp_path / "leads.csv"), str(tmp_path / "events.csv")]
    assert main([*args, "--model", str(tmp_path / "model.json"), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert [(s["lead_id"], s["total"], s["thresholds"]) for s in scores] == [
        ("1", 30.0, ["MQL"]),
        ("2", 0.0, []),
        ("3", 0.0, []),
    ]
    assert scores[0]["as_of"] == "2026-03-02"
    model["rules"][0]["condition"]["op"] = "like"
    (tmp_path / "bad.json").write_text(json.dumps(model), encoding="utf-8")
    assert main([*args, "--model", str(tmp_path / "bad.json")]) == 2
    assert "'operator' must be one of" in capsys.readouterr().err


def test_score_print_model_then_model_round_trips(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The JSON that --print-model writes is the example model itself: read back with
    --model it scores every lead exactly as --example does."""
    from crmkit.scoring import predictable_revenue_model
    from crmkit.serialization import from_data

    (tmp_path / "leads.csv").write_text(LEADS_CSV, encoding="utf-8")
    (tmp_path / "events.csv").write_text(EVENTS_CSV, encoding="utf-8")
    assert main(["score", "--example", "predictable-revenue", "--print-model"]) == 0
    text = capsys.readouterr().out
    assert from_data(json.loads(text), type(predictable_revenue_model())) == (
        predictable_revenue_model()
    )
    (tmp_path / "model.json").write_text(text, encoding="utf-8")
    args = ["score", str(tmp_path / "leads.csv"), str(tmp_path / "events.csv"), "--explain"]
    assert main([*args, "--example", "predictable-revenue"]) == 0
    expected = capsys.readouterr().out
    assert main([*args, "--model", str(tmp_path / "model.json")]) == 0
    assert capsys.readouterr().out == expected
    assert main(["score", "--model", str(tmp_path / "model.json"), "--print-model"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(text)  # 7 == 7.0: see the report


def test_score_as_of_datetimes_and_fractional_points(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'at' may be a datetime; --as-of defaults to the latest event's day. A half-life of
    7 days halves a visit's 10 points a week old: 10 + 5 = 15, and 10 * 2**(-3/7) for
    three days (7.43 to four decimals, written without trailing zeros)."""
    from crmkit.scoring import EventRule, HalfLifeDecay, ScoringModel
    from crmkit.serialization import to_data

    model = ScoringModel("m", (EventRule("visit", "visit", 10, decay=HalfLifeDecay(7)),))
    (tmp_path / "model.json").write_text(json.dumps(to_data(model)), encoding="utf-8")
    (tmp_path / "leads.csv").write_text("id\na\nb\n", encoding="utf-8")
    (tmp_path / "events.csv").write_text(
        "lead_id,type,at\na,visit,2026-03-01T09:30:00\na,visit,2026-03-08\nb,visit,2026-03-05\n",
        encoding="utf-8",
    )
    args = ["score", str(tmp_path / "leads.csv"), str(tmp_path / "events.csv")]
    assert main([*args, "--model", str(tmp_path / "model.json")]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["id"], r["total"]) for r in rows] == [
        ("a", "15"),
        ("b", f"{10 * 2 ** (-3 / 7):.4f}".rstrip("0")),
    ]


@pytest.mark.parametrize(
    ("leads", "events", "message"),
    [
        ("key,x\n1,2\n", "lead_id,type,at\n", "leads.csv: no column 'id' (columns: 'key', 'x')"),
        ("id\n1\n", "lead_id,kind,at\n", "events.csv: no column 'type'"),
        ("id\n1\n\n1\n", "lead_id,type,at\n", "leads.csv, row 3: id '1' repeats row 2"),
        ("id,x\n,2\n", "lead_id,type,at\n", "leads.csv, row 2: column 'id' is empty"),
        ("id\n1\n", "lead_id,type,at\n1,visit,2026-03-01,x\n", "events.csv, row 2: more cells"),
        (
            "id\n1\n",
            "lead_id,type,at\n1,visit,2026-03-01\n1,visit,soon\n",
            "events.csv, row 3: column 'at' must be an ISO date or datetime (got 'soon')",
        ),
        ("id\n1\n", "lead_id,type,at\n1,,2026-03-01\n", "events.csv, row 2: column 'type' is"),
        (
            "id\n1\n",
            "lead_id,type,at,pages\n1,visit,2026-03-01,9\n1,visit,2026-03-02,many\n",
            "events.csv, row 3: 'pages' must be a number to compare with numbers (got 'many')",
        ),
        ("id\n1\n", "lead_id,type,at\n", "events.csv: no events, so give --as-of"),
    ],
)
def test_score_names_the_file_and_row_of_a_bad_cell(
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
    leads: str,
    events: str,
    message: str,
) -> None:
    (tmp_path / "leads.csv").write_text(leads, encoding="utf-8")
    (tmp_path / "events.csv").write_text(events, encoding="utf-8")
    args = ["score", str(tmp_path / "leads.csv"), str(tmp_path / "events.csv")]
    assert main([*args, "--example", "predictable-revenue"]) == 2
    assert message in capsys.readouterr().err


def test_score_names_where_a_model_file_is_wrong(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A structure error names the file and the place in the JSON (cattrs' path)."""
    model = {"name": "m", "rules": [{"id": "vp", "condition": {"field": "title"}, "points": "x"}]}
    (tmp_path / "model.json").write_text(json.dumps(model), encoding="utf-8")
    assert main(["score", "--model", str(tmp_path / "model.json"), "--print-model"]) == 2
    err = capsys.readouterr().err
    assert "model.json: not a valid ScoringModel: " in err
    assert "@ $.rules[0].points" in err
    model["rules"] = [{"id": "vp", "condition": {"field": "title", "op": "exists"}, "point": 1}]
    (tmp_path / "model.json").write_text(json.dumps(model), encoding="utf-8")
    assert main(["score", "--model", str(tmp_path / "model.json"), "--print-model"]) == 2
    assert "required field missing @ $.rules[0].points" in capsys.readouterr().err
    model["rules"] = [{"id": "vp", "conditions": {"field": "title", "op": "exists"}}]
    (tmp_path / "model.json").write_text(json.dumps(model), encoding="utf-8")
    assert main(["score", "--model", str(tmp_path / "model.json"), "--print-model"]) == 2
    assert "fits none of Rule, EventRule, Inactivity" in capsys.readouterr().err
    (tmp_path / "model.json").write_text("[1, 2]", encoding="utf-8")
    assert main(["score", "--model", str(tmp_path / "model.json"), "--print-model"]) == 2
    assert "expected a mapping (got list)" in capsys.readouterr().err


def test_the_scoring_demo_is_deterministic() -> None:
    """Same seed, same lines (the throughput line aside): leads, scores, explanation, lift
    table, learnt points and RFM counts."""
    import datetime as dt

    from crmkit.cli._demo_scoring import scoring_demo

    def run() -> list[str]:
        out = io.StringIO()
        scoring_demo(leads=400, seed=3, as_of=dt.date(2026, 1, 1), out=out)
        return [line for line in out.getvalue().splitlines() if "leads/s" not in line]

    first = run()
    assert first == run()
    assert any(line.startswith("  L") for line in first)
    assert any("Champions" in line for line in first)


HISTORY_CSV = (
    "subject_id,event,at,reason\n"
    "a,qualify,2026-01-05,score 40\n"
    "a,buy,2026-02-01,\n"
    "b,buy,2026-01-10,\n"
    "b,qualify,2026-01-20,late\n"
    "c,disqualify,2026-01-03,\n"
)


def test_lifecycle_replays_each_subject(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each subject's events replayed from its first event: a -> mql -> customer; b buys
    straight away and its later 'qualify' is rejected (customer is terminal); c is out."""
    from crmkit.lifecycle import Lifecycle, Stage, Transition
    from crmkit.serialization import to_data

    funnel = Lifecycle(
        "funnel",
        (
            Stage("lead"),
            Stage("mql"),
            Stage("customer", terminal=True),
            Stage("disqualified", terminal=True),
        ),
        (
            Transition("qualify", ("lead",), "mql"),
            Transition("buy", ("lead", "mql"), "customer"),
            Transition("disqualify", ("lead", "mql"), "disqualified"),
        ),
        initial="lead",
    )
    (tmp_path / "model.json").write_text(json.dumps(to_data(funnel)), encoding="utf-8")
    (tmp_path / "history.csv").write_text(HISTORY_CSV, encoding="utf-8")
    args = ["lifecycle", str(tmp_path / "history.csv"), "--model", str(tmp_path / "model.json")]
    assert main(["lifecycle", str(tmp_path / "history.csv"), "--example", "lead_funnel"]) == 0
    funnel_rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    # the lead funnel knows 'disqualify' but none of this file's other event names
    assert [(r["stage"], r["rejected_events"]) for r in funnel_rows] == [
        ("subscriber", "2"),
        ("subscriber", "2"),
        ("disqualified", "0"),
    ]
    assert main([*args, "--as-of", "2026-02-11"]) == 0
    rows = {r["subject_id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert (rows["a"]["stage"], rows["a"]["since"], rows["a"]["days_in_stage"]) == (
        "customer",
        "2026-02-01",
        "10",
    )
    assert (rows["b"]["stage"], rows["b"]["rejected_events"]) == ("customer", "1")
    assert rows["c"]["stage"] == "disqualified"
    assert main([*args, "--json"]) == 0
    states = json.loads(capsys.readouterr().out)
    assert [s["visits"][-1]["stage"] for s in states] == ["customer", "customer", "disqualified"]
    # funnel lead -> mql -> customer: a goes lead, mql (same day, 01-05), customer (02-01,
    # 27 days later); b buys from lead (skips mql); c is disqualified from lead
    assert main([*args, "--funnel", "lead, mql,customer"]) == 0
    report = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [
        (r["stage"], r["reached"], r["from_previous"], r["median_days_to_next"]) for r in report
    ] == [
        ("lead", "3", "1.0000", "0"),
        ("mql", "1", "0.3333", "27"),
        ("customer", "1", "1.0000", ""),
    ]
    assert main([*args, "--funnel", "lead,mql,customer", "--mode", "cumulative"]) == 0
    report = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["reached"] for r in report] == ["3", "2", "2"]
    assert main([*args, "--funnel", "lead,mqll"]) == 2
    assert "'stages' names 'mqll', not a stage of 'funnel'" in capsys.readouterr().err
    # as of Jan 6: a has qualified (Jan 5) but not bought (Feb 1); b starts Jan 10: not yet
    assert main([*args, "--as-of", "2026-01-06"]) == 0
    rows = {r["subject_id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert sorted(rows) == ["a", "c"]
    assert (rows["a"]["stage"], rows["a"]["days_in_stage"]) == ("mql", "1")
    assert main([*args, "--as-of", "2025-01-01"]) == 2
    assert "no events on or before --as-of 2025-01-01" in capsys.readouterr().err
    (tmp_path / "ids.csv").write_text("id,event,at\na,buy,2026-01-01\n", encoding="utf-8")
    assert main(["lifecycle", str(tmp_path / "ids.csv"), "--example", "lead_funnel"]) == 2
    assert "no column 'subject_id' (columns: 'id', 'event', 'at')" in capsys.readouterr().err
    (tmp_path / "bad.csv").write_text("subject_id,event,at\na,buy,soon\n", encoding="utf-8")
    bad = ["lifecycle", str(tmp_path / "bad.csv"), "--model", str(tmp_path / "model.json")]
    assert main(bad) == 2
    assert "column 'at' must be YYYY-MM-DD (got 'soon')" in capsys.readouterr().err
