"""libtax-web: a local web calculator over libtax.

One page (``static/``) where an advisor or a talent fills in one person's year, grouped as the IIT
App groups it (person, income, deductions, zone and regimes), sees the answer section by section,
the regimes compared in a chart and the explanation in Chinese or English, and downloads the
scenario YAML, the JSON and the statement. The page loads nothing from elsewhere and sends
nothing off the machine; the server binds to 127.0.0.1 unless told otherwise.

    libtax-web [--host 127.0.0.1] [--port 8765]      # --port 0: a free port; the URL is printed
    python3 -m libtax.web ...

Requests (JSON in, JSON out; every computation goes through ``_engine``):
  GET  /api/meta                          regimes (id, name, enacted, cities), years, engine, the page's words (catalogues, web.*)
  POST /api/calc      {scenario, lang}    {ok, json, text, yaml} or {ok: false, error: {field, message, line}}
  POST /api/yaml      {scenario}          the scenario file (YAML)
  POST /api/statement {scenario, lang, format: html|pdf}   the statement (501 when this libtax has none)
"""
from __future__ import annotations

import argparse
import datetime
import http.server
import json
import os
import socket
import sys
from typing import Any, Dict, List, Optional, Tuple

import libtax

from . import _engine, _scenario

STATIC_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
STATIC_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}
MAX_BODY = 256 * 1024  # a scenario is a few kilobytes
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}


def meta() -> Dict[str, Any]:
    regimes: List[Dict[str, Any]] = []
    for rid in libtax.regimes():
        info = libtax.regime_info(rid)
        regimes.append({"id": rid, "name": info.get("name", rid), "enacted": bool(info.get("enacted", True)),
                        "cities": list(info.get("cities") or []), "mechanism": info.get("mechanism", "")})
    years = list(libtax.Tables.builtin().years())
    last = datetime.date.today().year - 1  # the year people reconcile now
    return {
        "default_year": last if last in years else max(years),
        "libtax_version": getattr(libtax, "__version__", ""),
        "years": years,
        "regimes": regimes,
        "identities": ["mainland", "foreign", "hk", "macao", "taiwan"],
        "engine": "libtax.calc" if _engine.has_binding() else "",
        "statement": _engine.has_statement(),
        "langs": list(_engine.LANGS),
        "words": words(),
    }


def words() -> Dict[str, List[str]]:
    """The words of the page: the catalogues' web.<key> messages as {key: [Chinese, English]}."""
    zh, en = libtax.messages("zh"), libtax.messages("en")
    return {k[4:]: [zh.get(k, v), v] for k, v in en.items() if k.startswith("web.")}


class Handler(http.server.BaseHTTPRequestHandler):
    server_version = "libtax-web"
    sys_version = ""
    allowed_hosts: set = set()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        if os.environ.get("LIBTAX_WEB_LOG"):
            super().log_message(format, *args)

    # -- responses ---------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str, extra: Optional[Dict[str, str]] = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, doc: Any) -> None:
        self._send(status, json.dumps(doc, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def _host_ok(self) -> bool:
        """On loopback, only the loopback names (see make_server); elsewhere any."""
        if not self.allowed_hosts:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        if host.startswith("["):
            name = host.split("]")[0] + "]"
        else:
            name = host.rsplit(":", 1)[0] if ":" in host else host
        return name in self.allowed_hosts

    # -- GET ---------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if not self._host_ok():
            return self._json(421, {"ok": False, "error": {"field": "", "message": "unknown Host"}})
        path = self.path.split("?", 1)[0]
        if path == "/api/meta":
            return self._json(200, meta())
        name = "index.html" if path in ("/", "/index.html") else path[len("/static/"):] if path.startswith("/static/") else ""
        ext = os.path.splitext(name)[1]
        if name and "/" not in name and not name.startswith(".") and ext in STATIC_TYPES:
            file = os.path.join(STATIC_DIR, name)
            if os.path.isfile(file):
                with open(file, "rb") as f:
                    return self._send(200, f.read(), STATIC_TYPES[ext])
        self._json(404, {"ok": False, "error": {"field": "", "message": f"no page {path[:100]}"}})

    do_HEAD = do_GET

    # -- POST --------------------------------------------------------------------------------
    def _read(self) -> Tuple[Optional[Dict[str, Any]], str]:
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            return None, "expected a JSON request (Content-Type: application/json)"
        try:
            n = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            return None, "bad Content-Length"
        if n <= 0 or n > MAX_BODY:
            return None, f"a request of 1 to {MAX_BODY} bytes is expected"
        try:
            doc = json.loads(self.rfile.read(n).decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            return None, f"not JSON: {e}"
        if not isinstance(doc, dict):
            return None, "expected a JSON object"
        return doc, ""

    def do_POST(self) -> None:  # noqa: N802
        if not self._host_ok():
            return self._json(421, {"ok": False, "error": {"field": "", "message": "unknown Host"}})
        path = self.path.split("?", 1)[0]
        if path not in ("/api/calc", "/api/yaml", "/api/statement"):
            return self._json(404, {"ok": False, "error": {"field": "", "message": "no such request"}})
        doc, problem = self._read()
        if doc is None:
            return self._json(400, {"ok": False, "error": {"field": "", "message": problem}})
        lang = doc.get("lang") if doc.get("lang") in _engine.LANGS else None
        try:
            text = _scenario.to_yaml(doc.get("scenario"))  # type: ignore[arg-type]
            if path == "/api/yaml":
                return self._send(200, text.encode("utf-8"), "application/yaml; charset=utf-8",
                                  {"Content-Disposition": 'attachment; filename="scenario.yaml"'})
            if path == "/api/statement":
                fmt = "pdf" if doc.get("format") == "pdf" else "html"
                body = _engine.statement(text, lang, fmt)
                if body is None:
                    return self._json(501, {"ok": False, "error": {
                        "field": "", "message": "this libtax cannot write a statement yet (libtax.calc(...).statement)"}})
                ctype = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
                return self._send(200, body, ctype, {"Content-Disposition": f'attachment; filename="statement.{fmt}"'})
            report = _engine.compute(text, lang)
        except _scenario.ShapeError as e:
            return self._json(422, {"ok": False, "error": {"field": e.field, "message": _engine._in_language(e, lang),
                                                           "line": 0}})
        except _engine.ScenarioError as e:
            return self._json(422, {"ok": False, "error": {"field": e.field, "message": e.message, "line": e.line},
                                    "yaml": text})
        except _engine.EngineMissing as e:
            return self._json(500, {"ok": False, "error": {"field": "", "message": str(e)}})
        except Exception as e:  # noqa: BLE001 - the page shows it; the server goes on
            return self._json(500, {"ok": False, "error": {"field": "", "message": f"{type(e).__name__}: {e}"}})
        self._json(200, {"ok": True, "json": report.json, "text": report.text, "yaml": text, "engine": report.engine})


class _ServerV6(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


def make_server(host: str = "127.0.0.1", port: int = 0) -> http.server.ThreadingHTTPServer:
    """A server bound to host:port (port 0: a free one; see ``server.server_address``)."""
    srv_cls = _ServerV6 if ":" in host else http.server.ThreadingHTTPServer
    handler: Any = type("BoundHandler", (Handler,), {})
    # On loopback only the loopback names are answered, so a page elsewhere cannot rebind a
    # name of its own to this server; bound to another address, any Host is answered.
    handler.allowed_hosts = set(LOOPBACK_NAMES) if host in LOOPBACK_NAMES or host.startswith("127.") else set()
    if host.startswith("127."):
        handler.allowed_hosts.add(host)
    srv = srv_cls((host, port), handler)
    srv.daemon_threads = True
    return srv


def url_of(srv: http.server.HTTPServer) -> str:
    host, port = srv.server_address[:2]
    h = str(host)
    return f"http://[{h}]:{port}/" if ":" in h else f"http://{h}:{port}/"


def main(argv: Optional[List[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="libtax-web", description="A local web calculator over libtax: one person's year, "
                                 "the regimes compared, the explanation in Chinese or English.")
    ap.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    ap.add_argument("--port", type=int, default=8765, help="port (0: pick a free one; the URL is printed)")
    args = ap.parse_args(argv)
    if not 0 <= args.port <= 65535:
        ap.error(f"--port {args.port}: expected 0 to 65535")
    try:
        srv = make_server(args.host, args.port)
    except OSError as e:
        print(f"libtax-web: cannot listen on {args.host}:{args.port}: {e.strerror or e}", file=sys.stderr)
        return 2
    if not (args.host in LOOPBACK_NAMES or args.host.startswith("127.")):
        print(f"libtax-web: warning: listening on {args.host}: other machines can reach this calculator "
              "and the figures typed into it", file=sys.stderr)
    print(f"libtax-web: {url_of(srv)}  (engine: {meta()['engine']}; Ctrl-C stops)", flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
    return 0


__all__ = ["main", "make_server", "meta", "url_of"]
