"""Ingest throughput and memory against a real Dovecot: .venv/bin/python bench/ingest.py

Fills a throwaway Dovecot with N county mails (default 1,000): 60 % with a 20–40 KB
.docx, 10 % with a .pdf, the rest body only (``--doc-share 0.1`` moves a tenth to .doc
and .wps from the body-only share); GBK and UTF-8 alternating. Then, in one run and
alternating for --rounds rounds, it times three programs on the same mails:

- the floor: a bare child process that FETCHes every message by UID (BODY.PEEK[] in
  batches of --batch), walks its MIME parts with the stdlib and extracts the text of
  every attachment with python-docx and pypdf (and LibreOffice once per batch for
  .doc/.wps), as a script written for speed would: no header decoding, no database, no
  checks, no store, no isolation.
- django-helpdesk 2.6.1: its `get_email` management command, installed from PyPI into
  its own virtualenv (bench/helpdesk_settings.py is the Django settings), on a fresh
  SQLite database with one IMAP queue. It deletes what it files, so each round gets its
  own copy of the mails in a folder of the same Dovecot (the copy is not timed).
- govinfo: `govinfo poll --once` in a child process on a fresh SQLite database (migrated
  beforehand, untimed), end to end, with extraction in its worker processes.

For each: messages/s, CPU seconds (user, of the process and everything it waited for:
the workers and LibreOffice too), and peak RSS of the whole process tree, sampled from
/proc (also without LibreOffice's own processes); and the cost of a run on an empty
folder (seconds, peak RSS). --profile FILE runs one more, untimed, govinfo pass under
pyinstrument.
"""

from __future__ import annotations

import argparse
import email
import io
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email import policy
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from imapclient import IMAPClient  # noqa: E402

from tests.servers import Dovecot  # noqa: E402
from tests.support.env import dovecot_mailbox, govinfo, popen_govinfo, write_config  # noqa: E402
from tests.support.mails import NEWS_BODY, county_mail, docx_bytes  # noqa: E402
from tests.test_intake_imap import COUNTIES  # noqa: E402

CST = timezone(timedelta(hours=8))
FIRST_ARRIVAL = datetime(2026, 3, 2, 8, 0, tzinfo=CST)
DISTINCT_OFFICE_FILES = 5  # .doc and .pdf files made by LibreOffice, reused across mails
PARAGRAPH = (
    "今年以来，{unit}坚持把项目建设作为推动高质量发展的“压舱石”，截至本月底，全区实施500万元"
    "以上项目128个，完成投资42.6亿元，同比增长12.3%，带动就业{n}人。"
)


# --articles distinct: each mail a different article, built from sentences of one unit's
# everyday reporting, so that articles of a unit share phrasing but not content
TOPICS = [
    "召开重点项目建设推进会", "开展安全生产大检查", "推进农村人居环境整治", "召开经济运行分析会",
    "加快中药材产业发展", "推进以工代赈项目建设", "开展优化营商环境专项行动", "做好冬春农田水利建设",
    "推进马铃薯产业提质增效", "开展粮食安全责任制考核", "加快新能源项目建设", "推进县域商业体系建设",
    "做好价格监测和市场保供", "召开招商引资工作推进会", "推进乡村振兴重点帮扶", "开展节能降碳专项检查",
]
TOWNS = [
    "城关镇", "新集乡", "香泉镇", "凤翔镇", "巉口镇", "内官营镇", "鲁家沟镇", "石泉乡",
    "李家堡镇", "宁远镇", "碧岩镇", "首阳镇", "文峰镇", "菜子镇", "云田镇", "通安驿镇",
]
SENTENCES = [
    "{m}月{d}日，{unit}召开专题会议，研究部署{topic}相关工作。",
    "会议听取了各乡镇和相关部门工作进展情况汇报，分析了存在的困难和问题。",
    "今年以来，{unit}累计完成投资{a}.{b}亿元，同比增长{c}.{b}%。",
    "全{level}共实施项目{n}个，其中新开工{k}个、续建{j}个。",
    "截至{m}月底，已完成年度目标任务的{c}{b}%，总体进展顺利。",
    "下一步，{unit}将紧盯目标任务，倒排工期、挂图作战，确保按期完成。",
    "{unit}成立了由主要领导任组长的工作专班，建立周调度、月通报制度。",
    "检查组采取明察暗访、随机抽查等方式，共检查企业{n}家，发现问题隐患{k}处。",
    "对发现的问题，现场交办{j}项，限期整改{k}项，目前已全部整改到位。",
    "{unit}争取中央预算内投资{a}{b}00万元，带动社会投资{c}.{b}亿元。",
    "全年种植中药材{n}万亩，预计产值{a}.{b}亿元，带动农户{k}{j}00户增收。",
    "通过以工代赈方式发放劳务报酬{a}{b}万元，吸纳当地群众就业{n}人。",
    "{unit}深入开展“{topic}”活动，累计走访企业{n}家，协调解决问题{k}个。",
    "会议强调，要进一步压实责任，强化督查考核，确保各项措施落地见效。",
    "{unit}新建改建农村公路{n}公里，改造农村户厕{k}{j}座，村容村貌明显改善。",
    "目前，全{level}主要农产品价格总体平稳，市场供应充足，未出现脱销断档现象。",
    "项目建成后，预计年发电量{a}.{b}亿千瓦时，年节约标准煤{n}万吨。",
    "{unit}签约招商引资项目{k}个，总投资{a}{b}.{c}亿元，到位资金{j}.{b}亿元。",
    "会议指出，{topic}事关群众切身利益，各级各部门要高度重视、精心组织。",
    "{unit}组织开展业务培训{k}场次，培训基层干部{n}人次，进一步提升了工作能力。",
    "全{level}累计排查风险点{n}处，落实管控措施{k}{j}条，坚决守住安全底线。",
    "{unit}将{topic}纳入年度目标责任考核，实行清单化管理、项目化推进。",
    "在推进过程中，{unit}注重示范引领，打造了{k}个可复制可推广的典型样板。",
    "据统计，{m}月份全{level}规模以上工业增加值同比增长{c}.{b}%，增速居全市第{k}位。",
]


def distinct_article(unit: str, topic: str, seed: int) -> str:
    """One article of 8–14 sentences drawn for this mail alone."""
    rng = random.Random(seed)
    level = "县" if unit.endswith("县") else "区"
    picked = rng.sample(SENTENCES, rng.randint(8, 14))
    return "".join(
        sentence.format(unit=unit, topic=topic, level=level, m=rng.randint(1, 12),
                        d=rng.randint(1, 28), a=rng.randint(1, 9), b=rng.randint(0, 9),
                        c=rng.randint(1, 19), n=rng.randint(12, 480), k=rng.randint(2, 9),
                        j=rng.randint(1, 9))
        for sentence in picked
    )


@dataclass(frozen=True)
class Corpus:
    mails: list[tuple[bytes, datetime]]
    kinds: dict[str, int]


def article(unit: str, n: int, paragraphs: int) -> str:
    body = NEWS_BODY.format(unit=unit)
    return "\n".join([body] + [PARAGRAPH.format(unit=unit, n=n + k) for k in range(paragraphs)])


def office_files(workdir: Path) -> tuple[list[bytes], list[bytes]]:
    """A few distinct .doc and .pdf files, converted from .docx by one LibreOffice call."""
    sources = []
    for k in range(DISTINCT_OFFICE_FILES):
        unit = COUNTIES[k][1]
        path = workdir / f"src{k}.docx"
        path.write_bytes(docx_bytes(f"{unit}重点项目建设情况（{k}）", f"{unit}发展改革局",
                                    article(unit, k, 6)))
        sources.append(str(path))
    profile = (workdir / "profile").as_uri()
    docs, pdfs = [], []
    for target, out in (("doc", docs), ("pdf", pdfs)):
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
             target, "--outdir", str(workdir), *sources],
            check=True, capture_output=True, timeout=300,
        )
        out.extend((workdir / f"src{k}.{target}").read_bytes() for k in range(len(sources)))
    return docs, pdfs


def make_corpus(n: int, workdir: Path, articles: str = "distinct", doc_share: float = 0.0) -> Corpus:
    """n county mails; .doc/.wps/.pdf mails wrap one of a few LibreOffice files.

    ``articles``: "distinct", each mail its own article and a title from a few topics;
    "alike", every article of a unit the same paragraphs with other figures and every
    title the same but for a number (so each item supersedes the unit's previous one).
    """
    docs, pdfs = office_files(workdir)
    doc_slots = round(doc_share * 10)
    mails: list[tuple[bytes, datetime]] = []
    kinds: dict[str, int] = {}
    for i in range(n):
        code, unit, officer = COUNTIES[i % len(COUNTIES)]
        if articles == "distinct":
            nth = i // len(COUNTIES)  # the unit's nth mail: 256 distinct titles a unit
            topic = TOPICS[(nth + nth // len(TOWNS)) % len(TOPICS)]
            title = f"{unit}{TOWNS[nth % len(TOWNS)]}{topic}"
            in_file = in_body = distinct_article(unit, topic, i)
        else:
            title = f"{unit}召开重点项目建设推进会（第{i + 1}次）"
            in_file, in_body = article(unit, i, 4 + i % 8), article(unit, i, 2)
        slot = i % 10  # 6 of 10 .docx, 1 .pdf, then .doc/.wps (--doc-share), the rest body only
        body = "请审阅附件。"
        attachment: tuple[str, bytes] | None
        if slot < 6:
            kind = "docx"
            # 36 KB for python-docx's template plus the article: within 20–40 KB
            attachment = (f"{title}.docx", docx_bytes(title, f"{unit}发展改革局 {officer}",
                                                      in_file))
        elif slot == 6:
            kind = "pdf"
            attachment = (f"{title}.pdf", pdfs[(i // 10) % len(pdfs)])
        elif slot < 7 + doc_slots:
            # Kingsoft .wps is the Word binary format: the same bytes under another name
            kind = "wps" if (i // 10) % 2 else "doc"
            attachment = (f"{title}.{kind}", docs[(i // 10) % len(docs)])
        else:
            kind, attachment, body = "body", None, in_body
        kinds[kind] = kinds.get(kind, 0) + 1
        raw = county_mail(
            f"{code}.xxy1@example.org", f"【动态】{title}", body, sender_name=officer,
            message_id=f"<bench{i}.{code}@example.org>", attachment=attachment,
            charset="gbk" if i % 2 else "utf-8",
        )
        mails.append((raw, FIRST_ARRIVAL + timedelta(minutes=i)))
    return Corpus(mails, kinds)


def fill(server: Dovecot, mails: list[tuple[bytes, datetime]], folder: str = "INBOX") -> None:
    with server.client() as imap:  # one session: a login per APPEND would dominate
        if folder != "INBOX" and not imap.folder_exists(folder):
            imap.create_folder(folder)
        for raw, when in mails:
            imap.append(folder, raw, msg_time=when)


# -- the floor (runs in a child process) --------------------------------------------------


def batches(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def floor_texts(raws: list[bytes], workdir: Path) -> int:
    """Text of every attached file, the way a script written for speed would get it."""
    import docx
    import pypdf

    texts = 0
    waiting: list[tuple[str, bytes]] = []
    for raw in raws:
        message = email.message_from_bytes(raw, policy=policy.compat32)
        for part in message.walk():
            name = (part.get_filename() or "").lower()
            if not name or part.is_multipart():
                continue
            data = part.get_payload(decode=True) or b""
            if name.endswith(".docx"):
                text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
            elif name.endswith(".pdf"):
                text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
            elif name.endswith((".doc", ".wps")):
                waiting.append((name[-4:], data))
                continue
            else:
                continue
            texts += bool(text.strip())
    if waiting:  # LibreOffice once per batch
        folder = Path(tempfile.mkdtemp(dir=workdir))
        paths = []
        for index, (suffix, data) in enumerate(waiting):
            path = folder / f"{index}{suffix}"
            path.write_bytes(data)
            paths.append(str(path))
        subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'p').as_uri()}", "--headless",
                        "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(folder), *paths],
                       capture_output=True, timeout=600)
        texts += sum(1 for index in range(len(waiting)) if (folder / f"{index}.txt").exists())
        shutil.rmtree(folder, ignore_errors=True)
    return texts


def floor(port: int, batch: int, folder: str) -> None:
    texts = 0
    with tempfile.TemporaryDirectory() as workdir:
        imap = IMAPClient("127.0.0.1", port=port, ssl=False, timeout=60)
        imap.login("office", "secret")
        imap.select_folder(folder, readonly=True)
        uids = sorted(imap.search(["ALL"]))
        for chunk in batches(uids, batch):
            response = imap.fetch(chunk, ["BODY.PEEK[]"])
            texts += floor_texts([response[uid][b"BODY[]"] for uid in chunk], Path(workdir))
        imap.logout()
    print(json.dumps({"messages": len(uids), "texts": texts}))


# -- timing -----------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    cpu_user: float  # of the child and every descendant it waited for
    peak_rss: int  # bytes, the whole process tree at its largest
    peak_rss_without_office: int  # the same without LibreOffice's processes
    stdout: str
    stderr: str


_OFFICE = ("soffice.bin", "oosplash", "soffice")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> tuple[int, int]:
    """(RSS of ``root`` and its descendants, the same without LibreOffice), bytes."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                head, tail = stat.read().rsplit(b")", 1)
            parents[int(entry)] = int(tail.split()[1])
            names[int(entry)] = head.split(b"(", 1)[1].decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    total = office = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                rss = int(statm.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            continue
        total += rss
        if names.get(pid, "").startswith(_OFFICE):
            office += rss
    return total, total - office


def timed(proc: subprocess.Popen[str]) -> Run:
    """Wait for ``proc`` (draining its pipes), sampling its process tree's RSS meanwhile."""
    start = time.perf_counter()
    output: dict[str, str] = {}

    def drain(name: str, stream: Any) -> None:
        output[name] = stream.read()

    drains = [threading.Thread(target=drain, args=(n, s), daemon=True)
              for n, s in (("out", proc.stdout), ("err", proc.stderr))]
    for thread in drains:
        thread.start()
    peaks = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total, without = tree_rss(proc.pid)
            peaks[0], peaks[1] = max(peaks[0], total), max(peaks[1], without)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for thread in drains:
        thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"child exited {proc.returncode}:\n{output.get('err', '')[-3000:]}")
    return Run(seconds, usage.ru_utime, peaks[0], peaks[1], output.get("out", ""), output.get("err", ""))


def run_floor(server: Dovecot, batch: int, folder: str = "INBOX") -> Run:
    return timed(subprocess.Popen(
        [sys.executable, __file__, "--floor-port", str(server.port), "--batch", str(batch),
         "--folder", folder],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ))


def fresh_config(server: Dovecot, directory: Path, batch: int, folder: str = "INBOX") -> Path:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    config = write_config(directory, f"sqlite:///{directory / 'govinfo.sqlite3'}",
                          dovecot_mailbox(server, batch_size=batch, folder=folder))
    upgraded = govinfo(config, "db", "upgrade")
    if upgraded.returncode != 0:
        raise SystemExit(upgraded.stderr)
    return config


def run_govinfo(server: Dovecot, directory: Path, batch: int, folder: str = "INBOX") -> Run:
    config = fresh_config(server, directory, batch, folder)
    return timed(popen_govinfo(config, "--log-level", "WARNING", "poll", "--once"))


# -- django-helpdesk (in its own virtualenv) ------------------------------------------------

HELPDESK = "django-helpdesk==2.6.1"
HELPDESK_VENV = ROOT / ".bench" / "helpdesk-venv"
QUEUE_SETUP = """
import django
django.setup()
from helpdesk.models import Queue
Queue.objects.create(title="office", slug="office", email_address="dxsfgw@126.com",
    allow_email_submission=True, email_box_type="imap", email_box_host="127.0.0.1",
    email_box_port={port}, email_box_ssl=False, email_box_user="office", email_box_pass="secret",
    email_box_imap_folder={folder!r}, email_box_interval=0, logging_type="none")
"""


def helpdesk_python() -> Path:
    python = HELPDESK_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(HELPDESK_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", HELPDESK], check=True)
    return python


def helpdesk_env(directory: Path) -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "helpdesk_settings",
            "PYTHONPATH": str(ROOT / "bench"), "HD_DB": str(directory / "helpdesk.sqlite3"),
            "HD_MEDIA": str(directory / "media")}


def run_helpdesk(server: Dovecot, directory: Path, folder: str, template: Path) -> Run:
    """get_email on a fresh copy of the migrated database, one queue on ``folder``."""
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    shutil.copyfile(template, directory / "helpdesk.sqlite3")
    python, env = helpdesk_python(), helpdesk_env(directory)
    subprocess.run([str(python), "-c", QUEUE_SETUP.format(port=server.port, folder=folder)],
                   env=env, check=True, cwd=directory)
    return timed(subprocess.Popen([str(python), "-m", "django", "get_email", "--quiet"], env=env,
                                  cwd=directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True))


def helpdesk_template(work: Path) -> Path:
    directory = work / "helpdesk-template"
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(helpdesk_python()), "-m", "django", "migrate", "--verbosity", "0"],
                   env=helpdesk_env(directory), check=True, cwd=directory)
    return directory / "helpdesk.sqlite3"


def helpdesk_tickets(directory: Path) -> int:
    with sqlite3.connect(directory / "helpdesk.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM helpdesk_ticket").fetchone()[0])


def profile(server: Dovecot, directory: Path, batch: int, out: Path) -> None:
    config = fresh_config(server, directory, batch)
    subprocess.run(
        [sys.executable, "-m", "pyinstrument", "-r", "text", "-o", str(out), "-m", "daemon.cli",
         "--config", str(config), "--log-level", "WARNING", "poll", "--once"],
        check=True, cwd=ROOT, capture_output=True,
        env={**os.environ, "GOVINFO_TEST_IMAP_PASSWORD": "secret"},
    )
    print(f"profile of one govinfo pass written to {out}")


def _mib(value: float) -> str:
    return f"{value / 2**20:.0f} MiB"


def summarise(name: str, n: int, runs: list[Run], empty: list[Run]) -> str:
    seconds = statistics.median(r.seconds for r in runs)
    return (f"| {name} | {n / seconds:.1f} | {statistics.median(r.cpu_user for r in runs):.1f} | "
            f"{_mib(max(r.peak_rss for r in runs))} ({_mib(max(r.peak_rss_without_office for r in runs))}"
            f" without LibreOffice) | {statistics.median(r.seconds for r in empty):.2f} s, "
            f"{_mib(max(r.peak_rss for r in empty))} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="messages in the mailbox")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, the programs alternating")
    parser.add_argument("--batch", type=int, default=100,
                        help="messages per FETCH, for the floor and govinfo's batch_size")
    parser.add_argument("--doc-share", type=float, default=0.0,
                        help="share of mails with a .doc/.wps (taken from the body-only share)")
    parser.add_argument("--no-helpdesk", action="store_true", help="skip django-helpdesk")
    parser.add_argument("--profile", type=Path, help="also profile one govinfo pass into FILE")
    parser.add_argument("--articles", choices=("distinct", "alike"), default="distinct",
                        help="each mail its own article (default), or a unit's all alike")
    parser.add_argument("--floor-port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", default="INBOX", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_port:
        floor(args.floor_port, args.batch, args.folder)
        return
    with tempfile.TemporaryDirectory(prefix="govinfo-bench-") as tmp, Dovecot() as server:
        work = Path(tmp)
        started = time.perf_counter()
        corpus = make_corpus(args.n, work, args.articles, args.doc_share)
        fill(server, corpus.mails)
        fill(server, [], "EMPTY")
        size = sum(len(raw) for raw, _ in corpus.mails) / 1e6
        print(f"mailbox: {args.n} messages, {size:.1f} MB, filled in "
              f"{time.perf_counter() - started:.1f} s; kinds {corpus.kinds}; articles "
              f"{args.articles}; charsets GBK and UTF-8 alternating. The .pdf (and .doc/.wps) "
              f"mails wrap {DISTINCT_OFFICE_FILES} distinct files made once by LibreOffice, each "
              "mail with its own subject, sender and Message-ID.")
        print(f"cores {os.cpu_count()}, FETCH batch / batch_size {args.batch}")
        template = None if args.no_helpdesk else helpdesk_template(work)
        runs: dict[str, list[Run]] = {"floor": [], "helpdesk": [], "govinfo": []}
        empty: dict[str, list[Run]] = {"floor": [], "helpdesk": [], "govinfo": []}
        for round_ in range(1, args.rounds + 1):
            low = run_floor(server, args.batch)
            result = json.loads(low.stdout)
            assert result["messages"] == args.n, result
            runs["floor"].append(low)
            empty["floor"].append(run_floor(server, args.batch, "EMPTY"))
            line = f"round {round_}: floor {low.seconds:.1f} s ({args.n / low.seconds:.1f} msg/s)"
            if template is not None:
                folder = f"HD{round_}"
                fill(server, corpus.mails, folder)  # get_email deletes what it files
                desk = run_helpdesk(server, work / "helpdesk", folder, template)
                tickets = helpdesk_tickets(work / "helpdesk")
                if tickets != args.n:
                    raise SystemExit(f"django-helpdesk made {tickets} tickets of {args.n}: "
                                     f"{desk.stderr[-2000:]}")
                runs["helpdesk"].append(desk)
                empty["helpdesk"].append(run_helpdesk(server, work / "helpdesk", "EMPTY", template))
                line += f", django-helpdesk {desk.seconds:.1f} s ({args.n / desk.seconds:.1f} msg/s)"
            full = run_govinfo(server, work / "govinfo", args.batch)
            if f"已登记 {args.n}" not in full.stdout:
                raise SystemExit(f"govinfo did not file every message: {full.stdout}")
            runs["govinfo"].append(full)
            empty["govinfo"].append(run_govinfo(server, work / "govinfo", args.batch, "EMPTY"))
            print(f"{line}, govinfo {full.seconds:.1f} s ({args.n / full.seconds:.1f} msg/s, "
                  f"tree RSS {_mib(full.peak_rss)}, {_mib(full.peak_rss_without_office)} without "
                  "LibreOffice)", flush=True)
        print(f"\nmedians of {args.rounds} (peak RSS: the largest of the rounds)\n")
        print("| | msg/s | CPU s user | peak RSS, process tree | empty mailbox |")
        print("|---|---|---|---|---|")
        print(summarise("bare fetch + extract (imapclient, python-docx, pypdf)", args.n,
                        runs["floor"], empty["floor"]))
        if runs["helpdesk"]:
            print(summarise("django-helpdesk 2.6.1 `get_email`", args.n, runs["helpdesk"],
                            empty["helpdesk"]))
        print(summarise("`govinfo poll --once`", args.n, runs["govinfo"], empty["govinfo"]))
        if args.profile:
            profile(server, work / "govinfo", args.batch, args.profile)


if __name__ == "__main__":
    main()
