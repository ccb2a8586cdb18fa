"""`handoff label render|print` and `handoff device printer test`, in-process through terminal.cli.run."""

from __future__ import annotations

import contextlib
import io
import subprocess

from PIL import Image
from printer_server import free_port

from terminal.labels.content import label_for_package
from terminal.labels.zpl import to_zpl_bytes


def handoff(*args: str) -> subprocess.CompletedProcess[str]:
    from terminal.cli import run

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run(list(args))
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def _one_sentence(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert done.stderr.startswith("handoff: ") and done.stderr.count("\n") == 1
    return done.stderr


def test_render_writes_zpl_png_and_pdf(site, db_path, tmp_path):
    zpl = tmp_path / "l.zpl"
    done = handoff("label", "render", "--db", str(db_path), "--order", "ORD-1001", "--format", "zpl", "-o", str(zpl))
    assert done.returncode == 0, done.stderr
    assert zpl.read_bytes() == to_zpl_bytes(label_for_package(site, "p1"))
    png = tmp_path / "l.png"
    assert handoff("label", "render", "--db", str(db_path), "--package", "p2", "--format", "png",
                   "-o", str(png)).returncode == 0
    assert Image.open(png).size == (812, 1218)
    pdf = tmp_path / "l.pdf"
    assert handoff("label", "render", "--db", str(db_path), "--package", "p2", "--format", "pdf",
                   "-o", str(pdf)).returncode == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_render_refuses_unknown_packages_and_orders(site, db_path, tmp_path):
    out = str(tmp_path / "x.zpl")
    assert "no package p9" in _one_sentence(handoff("label", "render", "--db", str(db_path), "--package", "p9",
                                                    "--format", "zpl", "-o", out))
    assert "no order NOPE" in _one_sentence(handoff("label", "render", "--db", str(db_path), "--order", "NOPE",
                                                    "--format", "zpl", "-o", out))
    assert "no tracking number" in _one_sentence(handoff("label", "render", "--db", str(db_path), "--order",
                                                      "ORD-1003", "--format", "zpl", "-o", out))


def test_print_with_the_printer_off_then_on(site, db_path, printer):
    port = free_port()
    uri = f"tcp://127.0.0.1:{port}"
    off = handoff("label", "print", "--db", str(db_path), "--package", "p1", "--printer", uri)
    assert "refused the connection" in _one_sentence(off) and "stays queued" in off.stderr
    assert [tuple(r) for r in site.execute("SELECT status FROM label_jobs")] == [("failed",)]
    server = printer(port=port)
    on = handoff("label", "print", "--db", str(db_path), "--package", "p1", "--printer", uri)
    assert on.returncode == 0 and "sent to" in on.stdout
    assert [tuple(r) for r in site.execute("SELECT status FROM label_jobs")] == [("sent",)]  # the same job
    again = handoff("label", "print", "--db", str(db_path), "--package", "p1", "--printer", uri)
    assert "--reason" in _one_sentence(again)
    reprint = handoff("label", "print", "--db", str(db_path), "--order", "ORD-1001", "--printer", uri,
                      "--reason", "damaged")
    assert reprint.returncode == 0, reprint.stderr
    server.close()
    assert len(server.jobs) == 2
    assert [tuple(r) for r in site.execute("SELECT is_reprint, reason FROM label_jobs ORDER BY is_reprint")] == [
        (0, None), (1, "damaged")]


def test_print_refuses_bad_printer_uris_and_packages(site, db_path, tmp_path):
    bad = handoff("label", "print", "--db", str(db_path), "--package", "p1", "--printer", "lpt1:")
    assert "is not a printer address" in _one_sentence(bad)
    missing = handoff("label", "print", "--db", str(db_path), "--package", "zz", "--printer", "file:/tmp/x")
    assert "no package zz" in _one_sentence(missing)
    assert site.execute("SELECT count(*) FROM label_jobs").fetchone()[0] == 0


def test_print_to_a_file(site, db_path, tmp_path):
    target = tmp_path / "printer.zpl"
    done = handoff("label", "print", "--db", str(db_path), "--package", "p2", "--printer", f"file:{target}")
    assert done.returncode == 0, done.stderr
    assert target.read_bytes() == to_zpl_bytes(label_for_package(site, "p2"))


def test_device_printer_test_sends_a_test_label(printer):
    server = printer()
    done = handoff("device", "printer", "test", "--printer", server.uri)
    assert done.returncode == 0 and "Test label sent" in done.stdout
    server.close()
    (job,) = server.jobs
    assert job.startswith(b"^XA") and "Zażółć".encode() in job and b"^BCN" in job


def test_device_printer_test_with_the_printer_off_or_a_bad_uri(tmp_path):
    off = handoff("device", "printer", "test", "--printer", f"tcp://127.0.0.1:{free_port()}")
    assert "refused the connection" in _one_sentence(off)
    assert "is not a printer address" in _one_sentence(handoff("device", "printer", "test", "--printer", "usb"))
