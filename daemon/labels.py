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
}
IGNORE_REASON = {
    "auto_reply": "自动回复",
    "bounce": "退信",
    "own_mail": "本系统发出的邮件",
    "bulk": "群发邮件",
    "mailing_list": "邮件列表",
    "robot_sender": "系统发件人",
    "before_start": "早于起始日期",
}


def label(table: dict[str, str], code: str | None) -> str:
    return "—" if code is None else table.get(code, code)
