"""Chinese names of the codes people see (states, categories, outlets, dispositions)."""

from __future__ import annotations

CATEGORY = {"research": "调研类", "experience": "经验做法类", "suggestion": "意见建议类",
            "news": "动态类"}
STATE = {
    "held": "涉密暂扣",
    "unassigned": "待分配",
    "routed": "已分解",
    "revised": "已修改",
    "reviewed": "已审核",
    "signed": "已审签",
    "published": "已发布",
    "reported": "已报送",
    "returned": "已退稿",
}
DISPOSITION = {
    "filed": "已登记",
    "duplicate": "重复",
    "quarantined": "隔离",
    "in_progress": "处理中",
    "ignored": "忽略",
    "evidence": "采用证明",
    # counts of a pass besides the dispositions
    "retried": "重试",
    "recovered": "中断后重读",
}
TIMELINESS = {"on_time": "按时", "late": "迟报", "unchecked": "未判定"}
OUTLET = {
    "portal": "委门户网站",
    "bulletin": "《定西发展改革》简报",
    "party_gov_net": "定西党政网",
    "daily": "《定西日报》",
    "digest": "《呈阅件》",
    "provincial": "省级媒体期刊",
    "national": "国家级媒体",
}
READ_STATES = {  # what OCR made of an evidence file (daemon/intake/evidence_reader.py)
    "proposed": "已提出采用建议",
    "unmatched": "未匹配到信息",
    "failed": "无法识读",
    "skipped": "已处理，未识读",
    "unread": "待识读",  # not stored: read_state is NULL until the reader's pass
}
FLAG = {
    "over_length": "超出字数",
    "under_length": "字数不足",
    "classified": "含密级标识",
    "missing_elements": "约稿要素不全",
    "unknown_sender": "未知发件人",
    "unreadable_attachment": "附件无法读取",
    "encrypted": "附件已加密",
    "no_text_layer": "PDF 无文字层",
    "superseded": "已被重报稿取代",
    "unscreened": "无法检查",
    "empty_attachment": "附件无文字",
    "too_long": "正文过长（已截断）",
    "sender_ambiguous": "发件人不明确",
    "sender_mismatch": "代发地址与发件人域名不符",
}
IGNORE_REASON = {
    "auto_reply": "自动回复",
    "bounce": "退信",
    "own_mail": "本系统发出的邮件",
    "bulk": "群发邮件",
    "mailing_list": "邮件列表",
    "robot_sender": "系统发件人",
    "before_start": "早于起始日期",
    "reply_to_our_mail": "回复本系统邮件",
}

OUTBOX_STATE = {"pending": "待发送", "sent": "已发送", "failed": "失败", "capped": "超出每日上限"}
OUTBOX_KIND = {
    "ack": "收稿回执",
    "route_notice": "分解通知",
    "held_alert": "涉密暂扣提醒",
    "request": "约稿通知",
    "missed_alert": "漏报提醒",
    "return_notice": "退稿通知",
    "revoke_notice": "撤销退稿通知",
    "forward": "呈送",
    "reminder": "督促提醒",
    "calendar_alert": "工作日历提醒",
}

FORWARD_TARGET = {"party_committee": "市委办公室", "government": "市政府办公室",
                  "party_gov_net": "定西党政网"}
REVOCABLE = {"return": "退稿", "adoption": "采用", "deduction": "扣分"}
DEDUCTION_KIND = {"returned": "退稿", "false_info": "信息失实", "late_major": "重大信息迟报漏报瞒报"}
EVIDENCE_STATE = {"pending": "待确认", "confirmed": "已确认", "rejected": "已驳回"}
REQUEST_KIND = {"feedback": "批示反馈", "solicitation": "约稿"}
REQUEST_STATE = {"open": "未报送", "on_time": "按时报送", "late": "迟报", "missed": "漏报"}
DOCUMENT_KIND = {
    "bulletin": "《定西发展改革》简报",
    "monthly": "月度统计",
    "quarterly": "季度通报",
    "annual": "年度考核通报",
    "shortfall": "督促通知",
}
REVIEW_STEP = {"revise": "修改", "review": "审核", "sign": "审签"}


def label(table: dict[str, str], code: str | None) -> str:
    return "—" if code is None else table.get(code, code)
