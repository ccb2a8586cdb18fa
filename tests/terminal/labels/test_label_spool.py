"""The print spool against a real printer server on 127.0.0.1, a file printer and a fake `lp`."""

from __future__ import annotations

import os
import stat
from datetime import timedelta

import pytest
from printer_server import free_port

from terminal.devices.health import DeviceState, printer_state
from terminal.devices.printers import BadPrinterUri, NotSent, OutcomeUnknown, open_printer
from terminal.errors import HandoffError
from terminal.labels.content import label_for_package
from terminal.labels.spool import confirm_outcome, get_job, pending_jobs, queue_label, send_pending
from terminal.labels.zpl import to_zpl_bytes
from terminal.ops import OpRejected


def _ops(db):
    return [r[0] for r in db.execute("SELECT name FROM outbox ORDER BY seq")]


def test_a_printer_that_is_off_keeps_the_job_and_it_prints_by_itself_when_back(site, printer, clock):
    port = free_port()
    uri = f"tcp://127.0.0.1:{port}"
    assert printer_state(site) == DeviceState("absent")            # no label yet: the heartbeat says so
    job = queue_label(site, "p1", uri, clock=clock, user_id=None)
    labelled = site.execute("SELECT labelled_at FROM packages WHERE id = 'p1'").fetchone()[0]
    assert labelled == "2026-11-23T08:00:00.000+00:00"
    (off,) = send_pending(site, clock=clock, timeout_s=1)
    assert off.status == "queued" and "refused" in off.message and "stays queued" in off.message
    assert get_job(site, job).status == "failed"
    assert printer_state(site).state == "problem" and printer_state(site).detail.startswith(uri)
    send_pending(site, clock=clock, timeout_s=1)                 # the same failure again: not a new op
    assert _ops(site) == ["PackageLabelled", "LabelSendFailed"]
    assert [j.id for j in pending_jobs(site)] == [job]

    server = printer(port=port)                                  # the printer is switched back on
    clock.advance(timedelta(minutes=5))
    (sent,) = send_pending(site, clock=clock, timeout_s=2)
    assert sent.status == "sent" and sent.job_id == job
    server.close()
    assert server.jobs == [to_zpl_bytes(label_for_package(site, "p1"))]
    row = get_job(site, job)
    assert row.status == "sent" and row.sent_at == "2026-11-23T08:05:00.000+00:00" and row.attempts == 2
    assert pending_jobs(site) == [] and send_pending(site, clock=clock) == []
    assert _ops(site) == ["PackageLabelled", "LabelSendFailed", "LabelSent"]
    assert printer_state(site) == DeviceState("ok", uri)


def test_a_send_that_breaks_midway_is_not_resent_until_the_packer_answers(site, printer, clock):
    server = printer(break_after=200)
    job = queue_label(site, "p1", server.uri, clock=clock)
    (broken,) = send_pending(site, clock=clock, timeout_s=2)
    assert broken.status == "unknown" and "Did the label come out?" in broken.message
    assert get_job(site, job).status == "unknown" and server.broken == 1
    (again,) = send_pending(site, clock=clock, timeout_s=2)      # NOT resent blindly
    assert again.status == "unknown" and server.broken == 1 and server.jobs == []

    server.break_after = None                                    # printer fine again; packer says: no label
    reprint = confirm_outcome(site, job, came_out=False, user_id=None, clock=clock)
    assert reprint is not None and get_job(site, job).status == "cancelled"
    again = get_job(site, reprint)
    assert again.is_reprint and again.reason.startswith("did not come out")
    (sent,) = send_pending(site, clock=clock, timeout_s=2)
    assert sent.job_id == reprint and sent.status == "sent" and sent.is_reprint
    server.close()
    assert server.jobs == [to_zpl_bytes(label_for_package(site, "p1"))]
    assert _ops(site) == ["PackageLabelled", "LabelOutcomeUnknown", "LabelOutcomeConfirmed", "LabelSent"]
    audit = [r[0] for r in site.execute("SELECT action FROM audit_log ORDER BY id")]
    assert audit == ["label_outcome_confirmed", "label_reprint"]


def test_confirming_that_the_label_came_out_marks_it_sent(site, printer, clock):
    server = printer(break_after=100)
    job = queue_label(site, "p2", server.uri, clock=clock)
    send_pending(site, clock=clock, timeout_s=2)
    assert confirm_outcome(site, job, came_out=True, clock=clock) is None
    assert get_job(site, job).status == "sent" and pending_jobs(site) == []
    with pytest.raises(OpRejected, match="only a job whose outcome is unknown"):
        confirm_outcome(site, job, came_out=False, clock=clock)


def test_a_reprint_needs_a_reason_and_is_audited(site, tmp_path, clock):
    uri = f"file:{tmp_path / 'out.zpl'}"
    queue_label(site, "p1", uri, clock=clock)
    with pytest.raises(OpRejected, match="needs a reason"):
        queue_label(site, "p1", uri, clock=clock, reprint_reason="  ")
    job = queue_label(site, "p1", uri, clock=clock, user_id=None, reprint_reason="smudged")
    assert get_job(site, job).reason == "smudged"
    audit = site.execute("SELECT action, ref_id, details FROM audit_log").fetchall()
    assert len(audit) == 1 and audit[0][0] == "label_reprint" and "smudged" in audit[0][2]
    assert [o.status for o in send_pending(site, clock=clock)] == ["sent", "sent"]
    data = (tmp_path / "out.zpl").read_bytes()
    assert data == to_zpl_bytes(label_for_package(site, "p1")) * 2


def test_labels_cannot_be_queued_for_unknown_packages_or_bad_printers(site, tmp_path):
    with pytest.raises(HandoffError, match="no package nope"):
        queue_label(site, "nope", "file:/tmp/x")
    with pytest.raises(HandoffError, match="no tracking number"):
        queue_label(site, "p-bare", "file:/tmp/x")
    for bad in ("lpt1", "tcp://", "tcp://host:99999", "cups:", "http://printer", "file:"):
        with pytest.raises(BadPrinterUri, match="tcp://HOST:PORT"):
            queue_label(site, "p1", bad)
    assert site.execute("SELECT count(*) FROM label_jobs").fetchone()[0] == 0
    assert site.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def test_tcp_uri_defaults_to_port_9100():
    printer = open_printer("tcp://10.0.4.21", connect_timeout_s=1, send_timeout_s=1)
    assert (printer.host, printer.port) == ("10.0.4.21", 9100)


def test_an_unwritable_file_printer_is_not_sent(tmp_path):
    with pytest.raises(NotSent, match="cannot be opened"):
        open_printer(f"file:{tmp_path / 'missing' / 'x.zpl'}").send(b"^XA^XZ")


def _fake_lp(folder, script: str) -> None:
    lp = folder / "lp"
    lp.write_text("#!/bin/sh\n" + script)
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)


def test_cups_sends_through_lp_raw(site, tmp_path, monkeypatch, clock):
    # CUPS itself cannot run here: a fake `lp` on PATH records its arguments and standard input.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_lp(bin_dir, f'echo "$@" > {tmp_path}/args\ncat > {tmp_path}/job\necho "request id is Z-1"\n')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    job = queue_label(site, "p2", "cups:Zebra_GK420", clock=clock)
    (sent,) = send_pending(site, clock=clock)
    assert sent.status == "sent" and get_job(site, job).status == "sent"
    assert (tmp_path / "args").read_text().split() == ["-d", "Zebra_GK420", "-o", "raw"]
    assert (tmp_path / "job").read_bytes() == to_zpl_bytes(label_for_package(site, "p2"))


def test_cups_refusal_and_missing_lp_leave_the_job_queued(site, tmp_path, monkeypatch, clock):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_lp(bin_dir, 'cat > /dev/null\necho "lp: The printer or class does not exist." >&2\nexit 1\n')
    monkeypatch.setenv("PATH", str(bin_dir))
    job = queue_label(site, "p2", "cups:nosuch", clock=clock)
    (refused,) = send_pending(site, clock=clock)
    assert refused.status == "queued" and "does not exist" in refused.message
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(NotSent, match="`lp` command is not installed"):
        open_printer("cups:nosuch").send(b"^XA^XZ")
    (missing,) = send_pending(site, clock=clock)
    assert missing.status == "queued" and "not installed" in missing.message
    assert get_job(site, job).status == "failed" and get_job(site, job).attempts == 2


def test_outcome_unknown_is_raised_by_the_transport_itself(printer):
    server = printer(break_after=50)
    with pytest.raises(OutcomeUnknown, match="broke while the label was being sent"):
        open_printer(server.uri, connect_timeout_s=1, send_timeout_s=2).send(b"^XA" + b"^FDx^FS" * 2000 + b"^XZ")
