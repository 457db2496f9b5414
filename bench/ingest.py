"""Ingest throughput and memory against a real Dovecot: .venv/bin/python bench/ingest.py

Fills a throwaway Dovecot with N county mails (default 2,000): 60 % with a 20–40 KB
.docx, 10 % .doc or .wps, 10 % .pdf, the rest body only; GBK and UTF-8 mixed. Then, in
one run and alternating for --rounds rounds, it times

- the floor: a bare child process that FETCHes every message by UID (BODY.PEEK[] in
  batches of --batch) and extracts the text of every attachment with the daemon's own
  extraction code (daemon.parsing.attachments.extract_all: zip/docx XML, pdfminer, the
  OLE sniff and LibreOffice), one extract_all call per FETCH batch so that LibreOffice
  starts once per batch, as a script written for speed would. MIME parts are found with
  the stdlib's walk(); nothing else happens: no header decoding, no article choice, no
  database, no checks, no store.
- govinfo: `govinfo poll --once` in a child process on a fresh SQLite database (migrated
  beforehand, untimed), end to end, with the mailbox's batch_size = --batch.

and prints messages/s for both, the ratio of their times (govinfo/floor), and govinfo's
peak RSS (VmHWM of the govinfo process, polled from /proc; LibreOffice's own processes
are not counted). --profile FILE runs one more, untimed, govinfo pass under pyinstrument.
"""

from __future__ import annotations

import argparse
import email
import json
import os
import random
import shutil
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from imapclient import IMAPClient  # noqa: E402

from daemon.config import ParsingSettings  # noqa: E402
from daemon.parsing.attachments import RawAttachment, extract_all  # noqa: E402
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


def make_corpus(n: int, workdir: Path, articles: str = "distinct") -> Corpus:
    """n county mails; .doc/.wps/.pdf mails wrap one of a few LibreOffice files.

    ``articles``: "distinct", each mail its own article and a title from a few topics;
    "alike", every article of a unit the same paragraphs with other figures and every
    title the same but for a number (so each item supersedes the unit's previous one).
    """
    docs, pdfs = office_files(workdir)
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
        slot = i % 10  # 6 of 10 .docx, 1 .doc or .wps, 1 .pdf, 2 body only
        body = "请审阅附件。"
        attachment: tuple[str, bytes] | None
        if slot < 6:
            kind = "docx"
            # 36 KB for python-docx's template plus the article: within 20–40 KB
            attachment = (f"{title}.docx", docx_bytes(title, f"{unit}发展改革局 {officer}",
                                                      in_file))
        elif slot == 6:
            # Kingsoft .wps is the Word binary format: the same bytes under another name
            kind = "wps" if (i // 10) % 2 else "doc"
            attachment = (f"{title}.{kind}", docs[(i // 10) % len(docs)])
        elif slot == 7:
            kind = "pdf"
            attachment = (f"{title}.pdf", pdfs[(i // 10) % len(pdfs)])
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


def fill(server: Dovecot, mails: list[tuple[bytes, datetime]]) -> None:
    with server.client() as imap:  # one session: a login per APPEND would dominate
        for raw, when in mails:
            imap.append("INBOX", raw, msg_time=when)


# -- the floor (runs in a child process) --------------------------------------------------


def batches(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def attachments_of(raw: bytes) -> list[RawAttachment]:
    message = email.message_from_bytes(raw, policy=policy.compat32)
    found = []
    for part in message.walk():
        name = part.get_filename()
        if name and not part.is_multipart():
            data = part.get_payload(decode=True)
            found.append(RawAttachment(name, part.get_content_type(), data or b""))
    return found


def floor(port: int, batch: int) -> None:
    settings = ParsingSettings()
    texts = 0
    with tempfile.TemporaryDirectory() as workdir:
        imap = IMAPClient("127.0.0.1", port=port, ssl=False, timeout=60)
        imap.login("office", "secret")
        imap.select_folder("INBOX", readonly=True)
        uids = sorted(imap.search(["ALL"]))
        for chunk in batches(uids, batch):
            response = imap.fetch(chunk, ["BODY.PEEK[]"])
            parts = [a for uid in chunk for a in attachments_of(response[uid][b"BODY[]"])]
            texts += sum(1 for a in extract_all(parts, settings, Path(workdir)) if a.text)
        imap.logout()
    print(json.dumps({"messages": len(uids), "texts": texts}))


# -- timing -----------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes, VmHWM of the child itself
    stdout: str
    stderr: str


def vm_hwm(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def timed(proc: subprocess.Popen[str]) -> Run:
    """Wait for ``proc`` draining its pipes in a thread, polling its VmHWM meanwhile."""
    start = time.perf_counter()
    output: list[str] = []
    drain = threading.Thread(target=lambda: output.extend(proc.communicate()), daemon=True)
    drain.start()
    peak = 0
    while proc.poll() is None:
        peak = max(peak, vm_hwm(proc.pid) or 0)
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    drain.join()
    if proc.returncode != 0:
        raise SystemExit(f"child exited {proc.returncode}:\n{output[1][-3000:]}")
    return Run(seconds, peak, output[0], output[1])


def run_floor(server: Dovecot, batch: int) -> Run:
    return timed(subprocess.Popen(
        [sys.executable, __file__, "--floor-port", str(server.port), "--batch", str(batch)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    ))


def fresh_config(server: Dovecot, directory: Path, batch: int) -> Path:
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    config = write_config(directory, f"sqlite:///{directory / 'govinfo.sqlite3'}",
                          dovecot_mailbox(server, batch_size=batch))
    upgraded = govinfo(config, "db", "upgrade")
    if upgraded.returncode != 0:
        raise SystemExit(upgraded.stderr)
    return config


def run_govinfo(server: Dovecot, directory: Path, batch: int) -> Run:
    config = fresh_config(server, directory, batch)
    return timed(popen_govinfo(config, "--log-level", "WARNING", "poll", "--once"))


def profile(server: Dovecot, directory: Path, batch: int, out: Path) -> None:
    config = fresh_config(server, directory, batch)
    subprocess.run(
        [sys.executable, "-m", "pyinstrument", "-r", "text", "-o", str(out), "-m", "daemon.cli",
         "--config", str(config), "--log-level", "WARNING", "poll", "--once"],
        check=True, cwd=ROOT, capture_output=True,
        env={**os.environ, "GOVINFO_TEST_IMAP_PASSWORD": "secret"},
    )
    print(f"profile of one govinfo pass written to {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="messages in the mailbox")
    parser.add_argument("--rounds", type=int, default=3, help="floor/govinfo pairs, alternating")
    parser.add_argument("--batch", type=int, default=100,
                        help="messages per FETCH, for the floor and govinfo's batch_size")
    parser.add_argument("--profile", type=Path, help="also profile one govinfo pass into FILE")
    parser.add_argument("--articles", choices=("distinct", "alike"), default="distinct",
                        help="each mail its own article (default), or a unit's all alike")
    parser.add_argument("--floor-port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_port:
        floor(args.floor_port, args.batch)
        return
    with tempfile.TemporaryDirectory(prefix="govinfo-bench-") as tmp, Dovecot() as server:
        work = Path(tmp)
        started = time.perf_counter()
        corpus = make_corpus(args.n, work, args.articles)
        fill(server, corpus.mails)
        size = sum(len(raw) for raw, _ in corpus.mails) / 1e6
        print(f"mailbox: {args.n} messages, {size:.1f} MB, filled in "
              f"{time.perf_counter() - started:.1f} s; kinds {corpus.kinds}; articles "
              f"{args.articles}; charsets GBK and "
              f"UTF-8 alternating. The .doc/.wps/.pdf mails wrap {DISTINCT_OFFICE_FILES} "
              "distinct .doc and 5 .pdf files made once by LibreOffice (a .wps is the same "
              "Word binary under another name), each mail with its own subject, sender and "
              "Message-ID.")
        print(f"cores {os.cpu_count()}, FETCH batch / batch_size {args.batch}")
        floors, ours = [], []
        for round_ in range(1, args.rounds + 1):
            low = run_floor(server, args.batch)
            result = json.loads(low.stdout)
            assert result["messages"] == args.n, result
            full = run_govinfo(server, work / "govinfo", args.batch)
            if f"已登记 {args.n}" not in full.stdout:
                raise SystemExit(f"govinfo did not file every message: {full.stdout}")
            floors.append(low.seconds)
            ours.append(full)
            print(f"round {round_}: floor {low.seconds:.1f} s ({args.n / low.seconds:.1f} msg/s, "
                  f"{result['texts']} texts), govinfo {full.seconds:.1f} s "
                  f"({args.n / full.seconds:.1f} msg/s, peak RSS {full.peak_rss / 1e6:.0f} MB), "
                  f"ratio {full.seconds / low.seconds:.2f}")
        floor_s = statistics.median(floors)
        ours_s = statistics.median(r.seconds for r in ours)
        print(f"median of {args.rounds}: floor {args.n / floor_s:.1f} msg/s, govinfo "
              f"{args.n / ours_s:.1f} msg/s, ratio govinfo/floor {ours_s / floor_s:.2f} "
              f"(target <= 1.5); govinfo peak RSS {max(r.peak_rss for r in ours) / 1e6:.0f} MB "
              "(target <= 200 MB)")
        if args.profile:
            profile(server, work / "govinfo", args.batch, args.profile)


if __name__ == "__main__":
    main()
