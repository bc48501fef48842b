#!/usr/bin/env python3
"""Checks and helpers behind ops/check.sh and ops/list-metrics.sh.

    python3 ops/lib/opscheck.py <command> [args]

Every command exits 0 when fine and non-zero with a message on stderr when
not. Paths are relative to the repository root (check.sh cd's there).
Needs PyYAML for the YAML commands (Debian: apt-get install python3-yaml).
"""
import json
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ALERTS = "ops/prometheus/alerts.yml"
ALERT_TESTS = "ops/prometheus/tests/alerts_test.yml"
DASHBOARD_DIR = "dashboards"
METRICS_TXT = "ops/promql-metrics.txt"
DOCS = "docs/metrics.md"
COMPOSE_FILES = ["ops/persistent.yml", "ops/graph.yml", "ops/monitoring.yml", "ops/app.yml"]
ENV_EXAMPLE = "ops/.env.example"
# Series that Prometheus itself produces, not the AI-Org service.
PROMETHEUS_SERIES = {"up", "ALERTS", "ALERTS_FOR_STATE"}
SECRET_RE = re.compile(r"PASSWORD|SECRET|API_KEY|TOKEN|NEO4J_AUTH")


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def load_yaml(path):
    import yaml  # noqa: deferred so list-metrics works on dashboards without PyYAML errors first
    with open(os.path.join(ROOT, path)) as f:
        return yaml.safe_load(f)


def load_json(path):
    with open(os.path.join(ROOT, path)) as f:
        return json.load(f)


# --------------------------------------------------------------------- PromQL
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_NAME_MATCHER = re.compile(r'__name__\s*=\s*"([^"]+)"')
_CLAUSE = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
_IDENT = re.compile(r"(?<![\w:.$])([A-Za-z_:][\w:]*)")
_KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
             "group_right", "offset", "bool", "inf", "nan", "atan2", "start", "end"}


def promql_metric_names(expr):
    """Metric names referenced by a PromQL expression, exactly as written."""
    names = set(_NAME_MATCHER.findall(expr))
    s = re.sub(r"#[^\n]*", " ", _STRING.sub('""', expr))
    s = re.sub(r"\{[^}]*\}", " ", s)          # label matchers
    s = re.sub(r"\[[^\]]*\]", " ", s)         # range and subquery selectors
    s = _CLAUSE.sub(" ", s)                   # by (...), on (...), group_left (...)
    for m in _IDENT.finditer(s):
        name = m.group(1)
        if re.match(r"\s*\(", s[m.end():]):  # function or aggregation call
            continue
        if name.lower() in _KEYWORDS:
            continue
        names.add(name)
    return names


def dashboard_files():
    d = os.path.join(ROOT, DASHBOARD_DIR)
    return sorted(os.path.join(DASHBOARD_DIR, f) for f in os.listdir(d) if f.endswith(".json"))


def walk_panels(panels):
    for p in panels or []:
        yield p
        yield from walk_panels(p.get("panels"))


def dashboard_exprs(dash):
    """(where, expr) for every PromQL query in a dashboard: panel targets,
    query variables and annotation queries."""
    out = []
    for p in walk_panels(dash.get("panels")):
        for t in p.get("targets") or []:
            if t.get("expr"):
                out.append((f"panel {p.get('id')} '{p.get('title')}' {t.get('refId')}", t["expr"]))
    for v in (dash.get("templating") or {}).get("list", []):
        if v.get("type") != "query":
            continue
        q = v.get("query")
        q = q.get("query", "") if isinstance(q, dict) else (q or "")
        m = re.match(r"\s*label_values\(\s*(.+?)\s*,\s*\w+\s*\)\s*$", q)
        if m:
            out.append((f"variable {v.get('name')}", m.group(1)))
        m = re.match(r"\s*query_result\((.*)\)\s*$", q, re.S)
        if m:
            out.append((f"variable {v.get('name')}", m.group(1)))
    for a in (dash.get("annotations") or {}).get("list", []):
        if a.get("expr"):
            out.append((f"annotation {a.get('name')}", a["expr"]))
    return out


def alert_rules():
    rules = []
    for g in load_yaml(ALERTS).get("groups", []):
        for r in g.get("rules", []):
            rules.append(r)
    return rules


def referenced_metrics():
    names = set()
    for r in alert_rules():
        names |= promql_metric_names(str(r["expr"]))
    for f in dashboard_files():
        for _, e in dashboard_exprs(load_json(f)):
            names |= promql_metric_names(e)
    return sorted(names)


def cmd_list_metrics(args):
    names = referenced_metrics()
    if "--exposed" in args:
        names = [n for n in names if n not in PROMETHEUS_SERIES]
    if "--check" in args:
        with open(os.path.join(ROOT, METRICS_TXT)) as f:
            listed = [l.strip() for l in f if l.strip() and not l.startswith("#")]
        if listed != names:
            fail(f"{METRICS_TXT} is stale: run ops/list-metrics.sh --write\n"
                 f"  missing: {sorted(set(names) - set(listed))}\n  extra: {sorted(set(listed) - set(names))}")
        print(f"{len(names)} metric names, {METRICS_TXT} up to date")
        return
    text = "\n".join(names) + "\n"
    if "--write" in args:
        with open(os.path.join(ROOT, METRICS_TXT), "w") as f:
            f.write(text)
    sys.stdout.write(text)


# --------------------------------------------------------------------- alerts
def cmd_alerts(_args):
    import yaml  # noqa
    rules = alert_rules()
    tests = load_yaml(ALERT_TESTS)
    errors = []
    firing, quiet, tenant_alerts = {}, {}, set()
    for t in tests.get("tests", []):
        for a in t.get("alert_rule_test", []):
            name = a["alertname"]
            exp = a.get("exp_alerts") or []
            (firing if exp else quiet)[name] = True
            for e in exp:
                if "tenant" in (e.get("exp_labels") or {}):
                    tenant_alerts.add(name)
    names = []
    for r in rules:
        name = r.get("alert")
        if not name:
            errors.append(f"recording rule {r.get('record')} in {ALERTS}: only alerts belong there")
            continue
        names.append(name)
        if not name.startswith("AiOrg"):
            errors.append(f"{name}: alert names start with AiOrg")
        sev = (r.get("labels") or {}).get("severity")
        if sev not in ("warning", "critical"):
            errors.append(f"{name}: labels.severity must be warning or critical, is {sev!r}")
        ann = r.get("annotations") or {}
        for k in ("summary", "description"):
            if not str(ann.get(k, "")).strip():
                errors.append(f"{name}: annotation {k} missing")
        if name in tenant_alerts or re.search(r"by \([^)]*tenant", str(r["expr"])):
            for k in ("summary", "description"):
                if "{{ $labels.tenant }}" not in str(ann.get(k, "")):
                    errors.append(f"{name}: per-tenant alert, annotation {k} must include {{{{ $labels.tenant }}}}")
        if name not in firing:
            errors.append(f"{name}: no test case in {ALERT_TESTS} where it fires")
        if name not in quiet:
            errors.append(f"{name}: no test case in {ALERT_TESTS} where it must not fire")
    if len(names) != len(set(names)):
        errors.append("duplicate alert names")
    for n in set(firing) | set(quiet):
        if n not in names:
            errors.append(f"{ALERT_TESTS} tests unknown alert {n}")
    if errors:
        fail("\n".join(errors))
    print(f"{len(names)} alerts: severity, summary, description, tenant in annotations, firing and quiet tests")


# ------------------------------------------------------------------ dashboards
def cmd_dashboards(_args):
    errors = []
    files = dashboard_files()
    if not files:
        fail(f"no dashboards in {DASHBOARD_DIR}/")
    uids = set()
    for f in files:
        try:
            d = load_json(f)
        except ValueError as e:
            errors.append(f"{f}: invalid JSON: {e}")
            continue
        for k in ("uid", "title", "panels", "schemaVersion"):
            if not d.get(k):
                errors.append(f"{f}: missing {k}")
        if d.get("uid") in uids:
            errors.append(f"{f}: duplicate uid {d.get('uid')}")
        uids.add(d.get("uid"))
        if d.get("id") is not None:
            errors.append(f"{f}: id must be null for provisioning")
        variables = {v.get("name"): v for v in (d.get("templating") or {}).get("list", [])}
        ds_ok = {"prometheus"} | ({"${datasource}", "$datasource"} if "datasource" in variables else set())
        ids = set()
        n = 0
        for p in walk_panels(d.get("panels")):
            if p.get("type") == "row":
                continue  # a row is a container, its panels are checked themselves
            n += 1
            where = f"{f}: panel {p.get('id')} '{p.get('title')}'"
            if p.get("id") in ids:
                errors.append(f"{where}: duplicate panel id")
            ids.add(p.get("id"))
            if not p.get("title"):
                errors.append(f"{where}: no title")
            if not p.get("gridPos"):
                errors.append(f"{where}: no gridPos")
            targets = p.get("targets") or []
            if not targets:
                errors.append(f"{where}: no targets")
            for t in targets:
                if not str(t.get("expr", "")).strip():
                    errors.append(f"{where}: target {t.get('refId')} has an empty expr")
                ds = (t.get("datasource") or p.get("datasource") or {}).get("uid")
                if ds not in ds_ok:
                    errors.append(f"{where}: target {t.get('refId')} datasource uid {ds!r} not in {sorted(ds_ok)}")
                for var in re.findall(r"\$\{?(\w+)\}?", str(t.get("expr", ""))):
                    if not var.startswith("__") and var not in variables:
                        errors.append(f"{where}: expr uses undefined variable ${var}")
        if n == 0:
            errors.append(f"{f}: no panels")
        print(f"{f}: {n} panels")
    main = f"{DASHBOARD_DIR}/ai-org-overview.json"
    if main in files:
        d = load_json(main)
        if d.get("uid") != "ai-org-overview" or d.get("title") != "AI-Org overview":
            errors.append(f"{main}: uid must be ai-org-overview and title 'AI-Org overview'")
        tv = {v.get("name"): v for v in d.get("templating", {}).get("list", [])}.get("tenant")
        q = tv and (tv["query"].get("query") if isinstance(tv.get("query"), dict) else tv.get("query"))
        if not q or q.replace(" ", "") != "label_values(ai_tasks,tenant)":
            errors.append(f"{main}: tenant variable must be label_values(ai_tasks, tenant)")
    else:
        errors.append(f"{main} missing")
    if errors:
        fail("\n".join(errors))


def cmd_dashboard_rules(args):
    """Writes every dashboard query as a recording rule (Grafana variables
    replaced) so that promtool check rules parses it."""
    out = args[0]
    rules = []
    for f in dashboard_files():
        for where, e in dashboard_exprs(load_json(f)):
            q = re.sub(r"\$\{?__(rate_interval|interval|range)(_s|_ms)?\}?", "5m", e)
            q = re.sub(r"\$\{?\w+\}?", ".*", q)
            rules.append({"record": f"dashboard:query_{len(rules) + 1}", "expr": q,
                          "labels": {"source": f"{f} {where}"[:200]}})
    with open(out, "w") as fh:
        json.dump({"groups": [{"name": "dashboard-queries", "rules": rules}]}, fh, indent=1)
    print(f"{len(rules)} dashboard queries")


# --------------------------------------------------------------------- compose
def compose_vars(text):
    """(name, form) of every ${VAR...} in a compose file; form is the operator."""
    text = text.replace("$$", "")
    return re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?", text)


def cmd_compose_refs(args):
    """Every relative path a compose file mounts or builds from exists, and
    every named volume is declared."""
    errors = []
    checked = 0
    for path in args:
        doc = load_yaml(path)
        base = os.path.dirname(os.path.join(ROOT, path))
        declared = set((doc.get("volumes") or {}).keys())

        def exists(p, what, svc):
            nonlocal checked
            if "$" in p:
                return
            full = os.path.normpath(os.path.join(base, os.path.expanduser(p)))
            checked += 1
            if not os.path.exists(full):
                errors.append(f"{path}: service {svc}: {what} {p} -> {os.path.relpath(full, ROOT)} does not exist")

        for name, svc in (doc.get("services") or {}).items():
            for v in svc.get("volumes") or []:
                if isinstance(v, str):
                    src = v.split(":", 1)[0]
                    if src.startswith((".", "/", "~")):
                        exists(src, "bind mount", name)
                    elif ":" in v and src not in declared:
                        errors.append(f"{path}: service {name}: volume {src} not declared under volumes:")
                elif isinstance(v, dict):
                    if v.get("type") == "bind":
                        exists(v.get("source", ""), "bind mount", name)
                    elif v.get("type") == "volume" and v.get("source") and v["source"] not in declared:
                        errors.append(f"{path}: service {name}: volume {v['source']} not declared")
            b = svc.get("build")
            if b:
                ctx = b if isinstance(b, str) else b.get("context", ".")
                exists(ctx, "build context", name)
                if isinstance(b, dict) and b.get("dockerfile"):
                    exists(os.path.join(ctx, b["dockerfile"]), "dockerfile", name)
            ef = svc.get("env_file")
            for e in ([ef] if isinstance(ef, str) else ef or []):
                exists(e if isinstance(e, str) else e.get("path", ""), "env_file", name)
        for section in ("configs", "secrets"):
            for name, c in (doc.get(section) or {}).items():
                if isinstance(c, dict) and c.get("file"):
                    exists(c["file"], f"{section} file", name)
    if errors:
        fail("\n".join(errors))
    print(f"{checked} referenced paths exist")


def cmd_env(_args):
    """ops/.env.example lists exactly the variables the compose files use;
    secrets are required (${VAR:?...}), empty in the example, never literal."""
    errors = []
    example = {}
    with open(os.path.join(ROOT, ENV_EXAMPLE)) as f:
        for line in f:
            m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", line.strip())
            if m:
                example[m.group(1)] = m.group(2)
    used = set()
    for path in COMPOSE_FILES:
        with open(os.path.join(ROOT, path)) as f:
            text = f.read()
        for name, form in compose_vars(text):
            used.add(name)
            if SECRET_RE.search(name) and form != ":?":
                errors.append(f"{path}: secret ${{{name}}} must be written ${{{name}:?set {name} in ops/.env}}")
        for name, svc in (load_yaml(path).get("services") or {}).items():
            env = svc.get("environment") or {}
            if isinstance(env, list):
                env = dict(e.split("=", 1) if "=" in e else (e, "") for e in env)
            for k, v in env.items():
                if SECRET_RE.search(k) and "${" not in str(v):
                    errors.append(f"{path}: service {name}: {k} is a literal, take it from ${{VAR:?...}}")
    for name in sorted(used - set(example)):
        errors.append(f"{ENV_EXAMPLE}: missing {name}")
    for name in sorted(set(example) - used):
        errors.append(f"{ENV_EXAMPLE}: {name} is not used by any compose file")
    for name, value in example.items():
        if SECRET_RE.search(name) and value:
            errors.append(f"{ENV_EXAMPLE}: {name} must be empty in the example")
    if errors:
        fail("\n".join(errors))
    print(f"{len(used)} variables, all in {ENV_EXAMPLE}; secrets required and not committed")


def cmd_env_file(args):
    """Writes an env file with placeholders for the empty values of
    ops/.env.example, for `docker-compose config`."""
    with open(os.path.join(ROOT, ENV_EXAMPLE)) as f, open(args[0], "w") as out:
        for line in f:
            m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", line.strip())
            if m:
                out.write(f"{m.group(1)}={m.group(2) or 'check-placeholder'}\n")


def cmd_compose_yaml(args):
    """Fallback without docker-compose: files parse and have services."""
    for path in args:
        doc = load_yaml(path)
        if not isinstance(doc, dict) or not doc.get("services"):
            fail(f"{path}: no services")
        for name, svc in doc["services"].items():
            if not svc.get("image") and not svc.get("build"):
                fail(f"{path}: service {name} has neither image nor build")
    print("parsed (PyYAML)")


# --------------------------------------------------- monitoring wiring checks
def services():
    out = {}
    for path in COMPOSE_FILES:
        for name, svc in (load_yaml(path).get("services") or {}).items():
            out[name] = (path, svc)
    return out


def mounts(svc, compose_path):
    """{container path: absolute host path} of a service's bind mounts."""
    base = os.path.dirname(os.path.join(ROOT, compose_path))
    out = {}
    for v in svc.get("volumes") or []:
        if isinstance(v, str) and v.startswith((".", "/")):
            parts = v.split(":")
            out[parts[1]] = os.path.normpath(os.path.join(base, parts[0]))
    return out


def sd_groups(scrape_config, base, errors):
    """(file, target group) of a scrape config's file_sd files; a missing or
    malformed file is an error (promtool check config does not look)."""
    out = []
    for fsd in scrape_config.get("file_sd_configs", []):
        for f in fsd.get("files", []):
            path = os.path.join(base, f)
            if any(c in f for c in "*?["):
                errors.append(f"{path}: use plain file names in file_sd_configs here")
                continue
            if not os.path.exists(os.path.join(ROOT, path)):
                errors.append(f"{path} (file_sd of job {scrape_config['job_name']}) does not exist")
                continue
            groups = load_yaml(path)
            if not isinstance(groups, list) or not all(
                    isinstance(g, dict) and isinstance(g.get("targets"), list) and g["targets"] for g in groups):
                errors.append(f"{path}: must be a list of {{targets: [host:port, ...], labels: {{...}}}}")
                continue
            for g in groups:
                for t in g["targets"]:
                    if not re.match(r"^[\w.-]+:\d+$", str(t)):
                        errors.append(f"{path}: target {t!r} is not host:port")
                out.append((path, g))
    return out


def cmd_prom_sd(args):
    """The file_sd target files of each Prometheus config exist and are valid."""
    errors = []
    n = 0
    for conf_path in args:
        conf = load_yaml(conf_path)
        for sc in conf.get("scrape_configs", []):
            n += len(sd_groups(sc, os.path.dirname(conf_path), errors))
    if errors:
        fail("\n".join(errors))
    print(f"{n} target groups in file_sd files")


def cmd_monitoring(_args):
    errors = []
    svcs = services()
    # Grafana: provisioning and dashboards mounted where the provider looks.
    path, graf = svcs["grafana"]
    gm = mounts(graf, path)
    prov = gm.get("/etc/grafana/provisioning")
    if prov != os.path.join(ROOT, "ops/grafana/provisioning"):
        errors.append("grafana must mount ops/grafana/provisioning at /etc/grafana/provisioning")
    ds = load_yaml("ops/grafana/provisioning/datasources/prometheus.yml")["datasources"]
    if not any(d.get("uid") == "prometheus" and d.get("url") == "http://prometheus:9090" for d in ds):
        errors.append("datasource with uid prometheus and url http://prometheus:9090 missing")
    for p in load_yaml("ops/grafana/provisioning/dashboards/ai-org.yml")["providers"]:
        target = p["options"]["path"]
        if gm.get(target) != os.path.join(ROOT, DASHBOARD_DIR):
            errors.append(f"dashboard provider path {target} is not a mount of {DASHBOARD_DIR}/")
    # Prometheus: config directory mounted where --config.file points.
    path, prom = svcs["prometheus"]
    pm = mounts(prom, path)
    cfg = next((c.split("=", 1)[1] for c in prom.get("command", []) if c.startswith("--config.file=")), None)
    if not cfg or pm.get(os.path.dirname(cfg)) != os.path.join(ROOT, "ops/prometheus") \
            or os.path.basename(cfg) != "prometheus.yml":
        errors.append("prometheus must mount ops/prometheus and read prometheus.yml from it")
    # Scrape targets are compose services listening on the scraped port.
    conf = load_yaml("ops/prometheus/prometheus.yml")
    targets = []
    for sc in conf["scrape_configs"]:
        for s in sc.get("static_configs", []):
            targets += [(sc["job_name"], t) for t in s["targets"]]
        for _, group in sd_groups(sc, "ops/prometheus", errors):
            targets += [(sc["job_name"], t) for t in group["targets"]]
    for job, t in targets:
        host, port = t.rsplit(":", 1)
        if host == "localhost":
            continue
        if host not in svcs:
            errors.append(f"scrape target {t} (job {job}) is not a compose service")
            continue
        svc = svcs[host][1]
        cmd = svc.get("command") or []
        want = cmd[cmd.index("--metrics-port") + 1] if "--metrics-port" in cmd else \
            str((svc.get("environment") or {}).get("AIORG_METRICS_PORT", "9102"))
        if port != want:
            errors.append(f"scrape target {t} (job {job}): service {host} serves metrics on {want}")
    if errors:
        fail("\n".join(errors))
    print(f"grafana provisioning and dashboards mounted; {len(targets)} scrape targets match compose services")


# ------------------------------------------------------------------------ docs
def cmd_docs(_args):
    with open(os.path.join(ROOT, DOCS)) as f:
        docs = f.read()
    missing = []
    for n in referenced_metrics():
        if n in PROMETHEUS_SERIES:
            continue
        base = re.sub(r"_(bucket|count|sum)$", "", n)
        if f"`{n}`" not in docs and f"`{base}`" not in docs:
            missing.append(n)
    if missing:
        fail(f"{DOCS} does not describe: {', '.join(missing)}")
    print(f"every referenced metric is in {DOCS}")


def cmd_dockerfile(_args):
    errors = []
    with open(os.path.join(ROOT, "Dockerfile")) as f:
        text = f.read()
    stages = re.findall(r"^FROM\s+(\S+)", text, re.M)
    if len(stages) < 2:
        errors.append("Dockerfile must be multi-stage")
    elif not stages[-1].startswith("eclipse-temurin:21-jre"):
        errors.append(f"runtime stage must be eclipse-temurin:21-jre, is {stages[-1]}")
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    if not users or users[-1].split(":")[0] in ("root", "0"):
        errors.append("runtime must run as a non-root USER")
    for needle in ('ENTRYPOINT ["java", "-jar", "/app/ai-org.jar"]', 'CMD ["serve"]',
                   "-DskipTests package"):
        if needle not in text:
            errors.append(f"Dockerfile lacks {needle}")
    expose = set(" ".join(re.findall(r"^EXPOSE\s+(.*)$", text, re.M)).split())
    if not {"8000", "9102"} <= expose:
        errors.append("Dockerfile must EXPOSE 8000 9102")
    with open(os.path.join(ROOT, ".dockerignore")) as f:
        ignored = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    for need in (".git", "target/", "ops/.env"):
        if need not in ignored:
            errors.append(f".dockerignore lacks {need}")
    if errors:
        fail("\n".join(errors))
    print(f"stages {stages}, user {users[-1]}, exposes {sorted(expose)}")


COMMANDS = {
    "list-metrics": cmd_list_metrics, "alerts": cmd_alerts, "dashboards": cmd_dashboards,
    "dashboard-rules": cmd_dashboard_rules, "compose-refs": cmd_compose_refs, "env": cmd_env,
    "env-file": cmd_env_file, "compose-yaml": cmd_compose_yaml, "monitoring": cmd_monitoring,
    "docs": cmd_docs, "dockerfile": cmd_dockerfile, "prom-sd": cmd_prom_sd,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        fail(f"usage: opscheck.py {{{'|'.join(COMMANDS)}}} [args]")
    COMMANDS[sys.argv[1]](sys.argv[2:])
