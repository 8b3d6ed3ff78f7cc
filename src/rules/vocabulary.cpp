#include "rules/vocabulary.hpp"

#include <stdexcept>

#include "util/error.hpp"

namespace csdesk::vocab {
namespace {

struct Term {
  const char* code;
  std::vector<std::string_view> synonyms;  // besides the code and its catalogue name
};
struct Vocabulary {
  std::string_view name;
  std::vector<Term> terms;
};

// The one list. Each code is marked for the catalogue, where its Chinese name is.
const std::vector<Vocabulary>& vocabularies() {
  static const std::vector<Vocabulary> all = {
      {"channel",
       {
           {tr_ctx_noop("channel", "phone"), {"tel", "电话咨询"}},
           {tr_ctx_noop("channel", "online"), {"在线", "网上客服系统", "chat", "网络"}},
           {tr_ctx_noop("channel", "qq"), {"客服QQ"}},
           {tr_ctx_noop("channel", "email"), {"e-mail", "电子邮件", "邮箱", "客服邮箱"}},
           {tr_ctx_noop("channel", "wechat"), {"weixin", "微信客服"}},
           {tr_ctx_noop("channel", "walk-in"), {"walkin", "现场", "来访"}},
           {tr_ctx_noop("channel", "event"), {"活动现场"}},
           {tr_ctx_noop("channel", "revisit"), {"回访中", "回访投诉"}},
       }},
      {"opinion-item",
       {
           {tr_ctx_noop("opinion-item", "product"), {"产品意见"}},
           {tr_ctx_noop("opinion-item", "service"), {"服务意见"}},
           {tr_ctx_noop("opinion-item", "delivery"), {"交付意见"}},
           {tr_ctx_noop("opinion-item", "suggestions"), {"意见建议", "suggestion"}},
       }},
      {"customer-category",
       {
           {tr_ctx_noop("customer-category", "potential"), {"潜在"}},
           {tr_ctx_noop("customer-category", "active"), {"现有"}},
           {tr_ctx_noop("customer-category", "at-risk"), {"准流失"}},
           {tr_ctx_noop("customer-category", "lost"), {"流失"}},
       }},
      {"registration-status",
       {
           {tr_ctx_noop("registration-status", "new"), {"新"}},
           {tr_ctx_noop("registration-status", "returning"), {"老", "回头客"}},
       }},
      {"complaint-status",
       {
           {tr_ctx_noop("complaint-status", "open"), {"未处理"}},
           {tr_ctx_noop("complaint-status", "in-progress"), {}},
           {tr_ctx_noop("complaint-status", "pending-customer"), {"等待客户"}},
           {tr_ctx_noop("complaint-status", "resolved"), {}},
           {tr_ctx_noop("complaint-status", "closed"), {"关闭"}},
           {tr_ctx_noop("complaint-status", "reopened"), {"已重开"}},
       }},
      {"complaint-category",
       {
           {tr_ctx_noop("complaint-category", "product"), {"产品"}},
           {tr_ctx_noop("complaint-category", "service-attitude"), {"态度"}},
           {tr_ctx_noop("complaint-category", "delivery"), {"物流", "配送"}},
           {tr_ctx_noop("complaint-category", "billing"), {"账单", "发票"}},
           {tr_ctx_noop("complaint-category", "after-sale"), {"售后"}},
           {tr_ctx_noop("complaint-category", "other"), {}},
       }},
      {"priority",
       {
           {tr_ctx_noop("priority", "P1"), {"p1", "1"}},
           {tr_ctx_noop("priority", "P2"), {"p2", "2"}},
           {tr_ctx_noop("priority", "P3"), {"p3", "3"}},
       }},
      {"escalation",
       {
           {tr_ctx_noop("escalation", "handler"), {}},
           {tr_ctx_noop("escalation", "supervisor"), {}},
           {tr_ctx_noop("escalation", "manager"), {}},
       }},
      {"role",
       {
           {tr_ctx_noop("role", "consult"), {"咨询"}},
           {tr_ctx_noop("role", "revisit"), {"回访"}},
           {tr_ctx_noop("role", "sales"), {"销售人员"}},
           {tr_ctx_noop("role", "complaint"), {"投诉处理专员"}},
           {tr_ctx_noop("role", "team-lead"), {"班长", "组长", "team lead", "teamlead"}},
           {tr_ctx_noop("role", "supervisor"), {"客服主管"}},
           {tr_ctx_noop("role", "inspector"), {"服务质量监控员", "质检员", "质量经理"}},
           {tr_ctx_noop("role", "manager"), {"客服经理", "运营经理"}},
           {tr_ctx_noop("role", "director"), {"客服总监"}},
           {tr_ctx_noop("role", "analyst"), {"数据分析员", "数据分析专员"}},
           {tr_ctx_noop("role", "trainer"), {"培训专员", "培训与发展专员"}},
           {tr_ctx_noop("role", "admin"), {}},
       }},
      {"shift",
       {
           {tr_ctx_noop("shift", "early"), {}},
           {tr_ctx_noop("shift", "late"), {}},
       }},
      {"adjustment-kind",
       {
           {tr_ctx_noop("adjustment-kind", "praise"), {}},
           {tr_ctx_noop("adjustment-kind", "complaint"), {"投诉"}},
           {tr_ctx_noop("adjustment-kind", "late"), {}},
           {tr_ctx_noop("adjustment-kind", "absent"), {"缺勤"}},
           {tr_ctx_noop("adjustment-kind", "inspection"), {"检查"}},
           {tr_ctx_noop("adjustment-kind", "other"), {}},
       }},
      {"attendance-kind",
       {
           {tr_ctx_noop("attendance-kind", "sign-in"), {"上班打卡", "sign in"}},
           {tr_ctx_noop("attendance-kind", "sign-out"), {"下班打卡", "sign out"}},
           {tr_ctx_noop("attendance-kind", "late"), {}},
           {tr_ctx_noop("attendance-kind", "early-leave"), {"early leave"}},
           {tr_ctx_noop("attendance-kind", "leave"), {"休假"}},
           {tr_ctx_noop("attendance-kind", "absent"), {"缺勤"}},
           {tr_ctx_noop("attendance-kind", "rest"), {"休息日", "调休"}},
       }},
      {"duty-kind",
       {
           {tr_ctx_noop("duty-kind", "after-hours"), {"晚间值班", "下班值班"}},
           {tr_ctx_noop("duty-kind", "saturday"), {"周六"}},
       }},
      {"revisit-status",
       {
           {tr_ctx_noop("revisit-status", "planned"), {"计划"}},
           {tr_ctx_noop("revisit-status", "done"), {"完成"}},
           {tr_ctx_noop("revisit-status", "cancelled"), {"取消"}},
       }},
      {"revisit-method",
       {
           {tr_ctx_noop("revisit-method", "phone"), {"电话"}},
           {tr_ctx_noop("revisit-method", "sms"), {"短信"}},
           {tr_ctx_noop("revisit-method", "visit"), {"登门", "上门"}},
       }},
      {"revisit-purpose",
       {
           {tr_ctx_noop("revisit-purpose", "after-sale"), {}},
           {tr_ctx_noop("revisit-purpose", "satisfaction"), {}},
           {tr_ctx_noop("revisit-purpose", "complaint-follow-up"), {}},
           {tr_ctx_noop("revisit-purpose", "holiday"), {"节日祝福"}},
           {tr_ctx_noop("revisit-purpose", "maintenance"), {}},
           {tr_ctx_noop("revisit-purpose", "birthday"), {"生日祝福"}},
           {tr_ctx_noop("revisit-purpose", "routine"), {}},
           {tr_ctx_noop("revisit-purpose", "promotion"), {}},
           {tr_ctx_noop("revisit-purpose", "service-event"), {"优质服务活动"}},
           {tr_ctx_noop("revisit-purpose", "member-event"), {"会员活动"}},
       }},
      {"grade",
       {
           {tr_ctx_noop("grade", "A"), {"a", "A级"}},
           {tr_ctx_noop("grade", "B"), {"b", "B级"}},
           {tr_ctx_noop("grade", "C"), {"c", "C级"}},
       }},
      {"yes-no",
       {
           {tr_ctx_noop("yes-no", "yes"), {"y", "1", "true", "同意", "有"}},
           {tr_ctx_noop("yes-no", "no"), {"n", "0", "false", "不同意", "无"}},
       }},
      {"calendar-day",
       {
           {tr_ctx_noop("calendar-day", "off"), {"放假", "休息", "假日", "holiday"}},
           {tr_ctx_noop("calendar-day", "workday"), {"上班", "调休上班", "补班", "工作日"}},
       }},
      {"weekday",
       {
           {tr_ctx_noop("weekday", "sun"), {"星期日", "星期天", "周日", "sunday"}},
           {tr_ctx_noop("weekday", "mon"), {"星期一", "monday"}},
           {tr_ctx_noop("weekday", "tue"), {"星期二", "tuesday"}},
           {tr_ctx_noop("weekday", "wed"), {"星期三", "wednesday"}},
           {tr_ctx_noop("weekday", "thu"), {"星期四", "thursday"}},
           {tr_ctx_noop("weekday", "fri"), {"星期五", "friday"}},
           {tr_ctx_noop("weekday", "sat"), {"星期六", "saturday"}},
       }},
      {"customer-field",
       {
           {tr_ctx_noop("customer-field", "name"), {}},
           {tr_ctx_noop("customer-field", "company"), {"公司名称"}},
           {tr_ctx_noop("customer-field", "phone"), {"手机", "电话号码"}},
           {tr_ctx_noop("customer-field", "email"), {"电子邮件", "邮件"}},
           {tr_ctx_noop("customer-field", "qq"), {}},
           {tr_ctx_noop("customer-field", "wechat"), {"微信号"}},
           {tr_ctx_noop("customer-field", "title"), {}},
           {tr_ctx_noop("customer-field", "pcs"), {}},
           {tr_ctx_noop("customer-field", "needs"), {"需求"}},
           {tr_ctx_noop("customer-field", "channel"), {"来源"}},
           {tr_ctx_noop("customer-field", "city"), {"地区"}},
           {tr_ctx_noop("customer-field", "grade"), {"客户等级"}},
           {tr_ctx_noop("customer-field", "urgent"), {}},
           {tr_ctx_noop("customer-field", "contacted_at"), {}},
           {tr_ctx_noop("customer-field", "consent"), {}},
           {tr_ctx_noop("customer-field", "birthday"), {}},
           {tr_ctx_noop("customer-field", "note"), {}},
       }},
      {"consent",
       {
           {tr_ctx_noop("consent", "yes"), {}},
           {tr_ctx_noop("consent", "NO"), {}},
           {tr_ctx_noop("consent", "not asked"), {}},
       }},
      {"timeline-kind",
       {
           {tr_ctx_noop("timeline-kind", "contact"), {}},
           {tr_ctx_noop("timeline-kind", "assignment"), {}},
           {tr_ctx_noop("timeline-kind", "complaint"), {}},
           {tr_ctx_noop("timeline-kind", "revisit"), {}},
           {tr_ctx_noop("timeline-kind", "purchase"), {}},
       }},
      {"timeline-note",
       {
           {tr_ctx_noop("timeline-note", "urgent"), {}},
           {tr_ctx_noop("timeline-note", "registered late"), {}},
           {tr_ctx_noop("timeline-note", "contact time unknown"), {}},
           {tr_ctx_noop("timeline-note", "pool"), {}},
       }},
      {"score-rule",
       {
           {tr_ctx_noop("score-rule", "registration + indicators"), {}},
           {tr_ctx_noop("score-rule", "indicators only"), {}},
       }},
      {"score-item",
       {
           {tr_ctx_noop("score-item", "registrations"), {}},
           {tr_ctx_noop("score-item", "registration"), {}},
           {tr_ctx_noop("score-item", "timeliness"), {}},
           {tr_ctx_noop("score-item", "resolution"), {}},
           {tr_ctx_noop("score-item", "satisfaction"), {}},
           {tr_ctx_noop("score-item", "complaints"), {}},
           {tr_ctx_noop("score-item", "adjustments"), {}},
           {tr_ctx_noop("score-item", "combined"), {}},
           {tr_ctx_noop("score-item", "full_attendance"), {}},
           {tr_ctx_noop("score-item", "performance_award"), {}},
       }},
      {"award",
       {
           {tr_ctx_noop("award", "全勤奖 full attendance"), {}},
           {tr_ctx_noop("award", "绩效奖 performance"), {}},
       }},
      {"award-note",
       {
           {tr_ctx_noop("award-note", "no leave, absence, lateness or early leave recorded in the month"), {}},
           {tr_ctx_noop("award-note", "attendance not tracked"), {}},
           {tr_ctx_noop("award-note", "shared: tied on fewest complaints and on combined score"), {}},
           {tr_ctx_noop("award-note", "fewest complaints, then the highest combined score among them"), {}},
       }},
      {"summary-row",
       {
           {tr_ctx_noop("summary-row", "(all)"), {}},
           {tr_ctx_noop("summary-row", "(none)"), {}},
       }},
      {"report-unit",
       {
           {tr_ctx_noop("report-unit", "h"), {}},
       }},
      {"report-figure",
       {
           {tr_ctx_noop("report-figure", "new_customers"), {}},
           {tr_ctx_noop("report-figure", "contacts"), {}},
           {tr_ctx_noop("report-figure", "complaint_rate"), {}},
           {tr_ctx_noop("report-figure", "returning_contacts"), {}},
           {tr_ctx_noop("report-figure", "registered_within_limit"), {}},
           {tr_ctx_noop("report-figure", "owner_notified_within_limit"), {}},
           {tr_ctx_noop("report-figure", "assigned"), {}},
           {tr_ctx_noop("report-figure", "urgent_contacted_in_time"), {}},
           {tr_ctx_noop("report-figure", "complaints_opened"), {}},
           {tr_ctx_noop("report-figure", "complaints_open_at_end"), {}},
           {tr_ctx_noop("report-figure", "complaints_overdue"), {}},
           {tr_ctx_noop("report-figure", "timeliness_rate"), {}},
           {tr_ctx_noop("report-figure", "resolution_rate"), {}},
           {tr_ctx_noop("report-figure", "first_contact_resolution"), {}},
           {tr_ctx_noop("report-figure", "mean_first_response"), {}},
           {tr_ctx_noop("report-figure", "mean_resolution"), {}},
           {tr_ctx_noop("report-figure", "p90_resolution"), {}},
           {tr_ctx_noop("report-figure", "revisits_done"), {}},
           {tr_ctx_noop("report-figure", "reach_rate"), {}},
           {tr_ctx_noop("report-figure", "satisfaction_rate"), {}},
           {tr_ctx_noop("report-figure", "csi"), {}},
           {tr_ctx_noop("report-figure", "potential_to_active"), {}},
           {tr_ctx_noop("report-figure", "conversion_rate"), {}},
           {tr_ctx_noop("report-figure", "recovery_rate"), {}},
       }},
      {"alert-state",
       {
           {tr_ctx_noop("alert-state", "rose"), {}},
           {tr_ctx_noop("alert-state", "fell"), {}},
           {tr_ctx_noop("alert-state", "steady"), {}},
           {tr_ctx_noop("alert-state", "too-few"), {}},
           {tr_ctx_noop("alert-state", "unknown"), {}},
       }},
      {"report-target",
       {
           {tr_ctx_noop("report-target", "satisfaction_rate_gain"), {}},
           {tr_ctx_noop("report-target", "complaint_handling_efficiency_gain"), {}},
           {tr_ctx_noop("report-target", "repeat_purchase_rate"), {}},
       }},
      {"escalation-level",
       {
           {tr_ctx_noop("escalation-level", "0 handler"), {"0"}},
           {tr_ctx_noop("escalation-level", "1 supervisor"), {"1"}},
           {tr_ctx_noop("escalation-level", "2 manager"), {"2"}},
       }},
      {"sla-clock",
       {
           {tr_ctx_noop("sla-clock", "first-response"), {}},
           {tr_ctx_noop("sla-clock", "resolution"), {}},
           {tr_ctx_noop("sla-clock", "email-reply"), {}},
           {tr_ctx_noop("sla-clock", "feedback"), {}},
           {tr_ctx_noop("sla-clock", "crisis-plan"), {}},
           {tr_ctx_noop("sla-clock", "handover"), {}},
       }},
      {"complaint-action",
       {
           {tr_ctx_noop("complaint-action", "new"), {}},
           {tr_ctx_noop("complaint-action", "respond"), {}},
           {tr_ctx_noop("complaint-action", "update"), {}},
           {tr_ctx_noop("complaint-action", "assign"), {}},
           {tr_ctx_noop("complaint-action", "escalate"), {}},
           {tr_ctx_noop("complaint-action", "approve"), {}},
           {tr_ctx_noop("complaint-action", "wait"), {}},
           {tr_ctx_noop("complaint-action", "resume"), {}},
           {tr_ctx_noop("complaint-action", "resolve"), {}},
           {tr_ctx_noop("complaint-action", "close"), {}},
           {tr_ctx_noop("complaint-action", "reopen"), {}},
           {tr_ctx_noop("complaint-action", "inform"), {}},
           {tr_ctx_noop("complaint-action", "crisis"), {}},
           {tr_ctx_noop("complaint-action", "plan"), {}},
           {tr_ctx_noop("complaint-action", "decide"), {}},
           {tr_ctx_noop("complaint-action", "transfer"), {}},
           {tr_ctx_noop("complaint-action", "answer"), {}},
       }},
      {"assign-rule",
       {
           {tr_ctx_noop("assign-rule", "owner"), {}},
           {tr_ctx_noop("assign-rule", "round-robin"), {"轮流"}},
           {tr_ctx_noop("assign-rule", "least-loaded"), {}},
           {tr_ctx_noop("assign-rule", "region"), {"地区"}},
           {tr_ctx_noop("assign-rule", "need"), {"需求"}},
           {tr_ctx_noop("assign-rule", "manual"), {"手工"}},
           {tr_ctx_noop("assign-rule", "claim"), {}},
           {tr_ctx_noop("assign-rule", "reassign"), {"改派"}},
           {tr_ctx_noop("assign-rule", "pool"), {"待认领"}},
       }},
      {"assignment-status",
       {
           {tr_ctx_noop("assignment-status", "current"), {}},
           {tr_ctx_noop("assignment-status", "superseded"), {}},
       }},
      {"notification-kind",
       {
           {tr_ctx_noop("notification-kind", "assigned"), {}},
           {tr_ctx_noop("notification-kind", "reassigned"), {}},
           {tr_ctx_noop("notification-kind", "reassigned-away"), {}},
           {tr_ctx_noop("notification-kind", "returning"), {}},
           {tr_ctx_noop("notification-kind", "pool"), {}},
       }},
      {"notification-status",
       {
           {tr_ctx_noop("notification-status", "pending"), {}},
           {tr_ctx_noop("notification-status", "sent"), {}},
       }},
      {"notification-target",
       {
           {tr_ctx_noop("notification-target", "all sales"), {}},
       }},
      {"audit-action",
       {
           {tr_ctx_noop("audit-action", "create"), {}},
           {tr_ctx_noop("audit-action", "update"), {}},
           {tr_ctx_noop("audit-action", "deactivate"), {}},
           {tr_ctx_noop("audit-action", "assign"), {}},
           {tr_ctx_noop("audit-action", "supersede"), {}},
           {tr_ctx_noop("audit-action", "contact"), {}},
           {tr_ctx_noop("audit-action", "contact-differs"), {}},
           {tr_ctx_noop("audit-action", "merge"), {}},
           {tr_ctx_noop("audit-action", "merged-into"), {}},
           {tr_ctx_noop("audit-action", "import"), {}},
           {tr_ctx_noop("audit-action", "plan"), {}},
           {tr_ctx_noop("audit-action", "log"), {}},
           {tr_ctx_noop("audit-action", "attempt"), {}},
           {tr_ctx_noop("audit-action", "cancel"), {}},
           {tr_ctx_noop("audit-action", "at-risk"), {}},
           {tr_ctx_noop("audit-action", "respond"), {}},
           {tr_ctx_noop("audit-action", "escalate"), {}},
           {tr_ctx_noop("audit-action", "approve"), {}},
           {tr_ctx_noop("audit-action", "wait"), {}},
           {tr_ctx_noop("audit-action", "resume"), {}},
           {tr_ctx_noop("audit-action", "resolve"), {}},
           {tr_ctx_noop("audit-action", "close"), {}},
           {tr_ctx_noop("audit-action", "reopen"), {}},
           {tr_ctx_noop("audit-action", "sent"), {}},
           {tr_ctx_noop("audit-action", "failed"), {}},
           {tr_ctx_noop("audit-action", "freeze"), {}},
           {tr_ctx_noop("audit-action", "set"), {}},
           {tr_ctx_noop("audit-action", "unset"), {}},
           {tr_ctx_noop("audit-action", "reveal"), {}},
           {tr_ctx_noop("audit-action", "backup"), {}},
           {tr_ctx_noop("audit-action", "copy"), {}},
       }},
      {"audit-field",
       {
           {tr_ctx_noop("audit-field", "about_staff_id"), {}},
           {tr_ctx_noop("audit-field", "active"), {}},
           {tr_ctx_noop("audit-field", "agent_id"), {}},
           {tr_ctx_noop("audit-field", "assignment_id"), {}},
           {tr_ctx_noop("audit-field", "at"), {}},
           {tr_ctx_noop("audit-field", "attempts"), {}},
           {tr_ctx_noop("audit-field", "bytes"), {}},
           {tr_ctx_noop("audit-field", "category"), {}},
           {tr_ctx_noop("audit-field", "cause"), {}},
           {tr_ctx_noop("audit-field", "channel"), {}},
           {tr_ctx_noop("audit-field", "city"), {}},
           {tr_ctx_noop("audit-field", "closed_at"), {}},
           {tr_ctx_noop("audit-field", "complaint_id"), {}},
           {tr_ctx_noop("audit-field", "contacted_at"), {}},
           {tr_ctx_noop("audit-field", "contacted_by"), {}},
           {tr_ctx_noop("audit-field", "content"), {}},
           {tr_ctx_noop("audit-field", "customer_id"), {}},
           {tr_ctx_noop("audit-field", "deadline"), {}},
           {tr_ctx_noop("audit-field", "done_at"), {}},
           {tr_ctx_noop("audit-field", "done_by"), {}},
           {tr_ctx_noop("audit-field", "due_at"), {}},
           {tr_ctx_noop("audit-field", "escalation_level"), {}},
           {tr_ctx_noop("audit-field", "first_response_at"), {}},
           {tr_ctx_noop("audit-field", "handler_id"), {}},
           {tr_ctx_noop("audit-field", "joined_on"), {}},
           {tr_ctx_noop("audit-field", "kind"), {}},
           {tr_ctx_noop("audit-field", "last_error"), {}},
           {tr_ctx_noop("audit-field", "left_on"), {}},
           {tr_ctx_noop("audit-field", "login"), {}},
           {tr_ctx_noop("audit-field", "measure"), {}},
           {tr_ctx_noop("audit-field", "method"), {}},
           {tr_ctx_noop("audit-field", "name"), {}},
           {tr_ctx_noop("audit-field", "number"), {}},
           {tr_ctx_noop("audit-field", "open_issues"), {}},
           {tr_ctx_noop("audit-field", "operator"), {}},
           {tr_ctx_noop("audit-field", "phone"), {}},
           {tr_ctx_noop("audit-field", "priority"), {}},
           {tr_ctx_noop("audit-field", "problems"), {}},
           {tr_ctx_noop("audit-field", "purpose"), {}},
           {tr_ctx_noop("audit-field", "reason"), {}},
           {tr_ctx_noop("audit-field", "received_at"), {}},
           {tr_ctx_noop("audit-field", "reopened_count"), {}},
           {tr_ctx_noop("audit-field", "resolved_at"), {}},
           {tr_ctx_noop("audit-field", "result"), {}},
           {tr_ctx_noop("audit-field", "roles"), {}},
           {tr_ctx_noop("audit-field", "rule"), {}},
           {tr_ctx_noop("audit-field", "satisfaction"), {}},
           {tr_ctx_noop("audit-field", "shift"), {}},
           {tr_ctx_noop("audit-field", "solution"), {}},
           {tr_ctx_noop("audit-field", "staff_changes"), {}},
           {tr_ctx_noop("audit-field", "staff_id"), {}},
           {tr_ctx_noop("audit-field", "status"), {}},
           {tr_ctx_noop("audit-field", "superseded_at"), {}},
           {tr_ctx_noop("audit-field", "urgent"), {}},
           {tr_ctx_noop("audit-field", "work_done"), {}},
           {tr_ctx_noop("audit-field", "email"), {}},
           {tr_ctx_noop("audit-field", "qq"), {}},
           {tr_ctx_noop("audit-field", "wechat"), {}},
           {tr_ctx_noop("audit-field", "company"), {}},
           {tr_ctx_noop("audit-field", "title"), {}},
           {tr_ctx_noop("audit-field", "pcs"), {}},
           {tr_ctx_noop("audit-field", "needs"), {}},
           {tr_ctx_noop("audit-field", "grade"), {}},
           {tr_ctx_noop("audit-field", "birthday"), {}},
           {tr_ctx_noop("audit-field", "note"), {}},
           {tr_ctx_noop("audit-field", "consent"), {}},
           {tr_ctx_noop("audit-field", "owner_id"), {}},
           {tr_ctx_noop("audit-field", "previous_staff_id"), {}},
           {tr_ctx_noop("audit-field", "in_pool"), {}},
           {tr_ctx_noop("audit-field", "merged_into"), {}},
           {tr_ctx_noop("audit-field", "points"), {}},
           {tr_ctx_noop("audit-field", "value"), {}},
       }},
      {"check-item",
       {
           {tr_ctx_noop("check-item", "integrity"), {}},
           {tr_ctx_noop("check-item", "foreign_keys"), {}},
           {tr_ctx_noop("check-item", "audit_chain"), {}},
           {tr_ctx_noop("check-item", "audit_head"), {}},
           {tr_ctx_noop("check-item", "records"), {}},
       }},
      {"check-result",
       {
           {tr_ctx_noop("check-result", "ok"), {}},
           {tr_ctx_noop("check-result", "FAILED"), {}},
       }},
      {"init-state",
       {
           {tr_ctx_noop("init-state", "created"), {}},
           {tr_ctx_noop("init-state", "upgraded"), {}},
           {tr_ctx_noop("init-state", "up to date"), {}},
       }},
      {"config-scope",
       {
           {tr_ctx_noop("config-scope", "department"), {"部门设置"}},
           {tr_ctx_noop("config-scope", "desk"), {"本机"}},
       }},
      {"config-source",
       {
           {tr_ctx_noop("config-source", "default"), {"默认"}},
           {tr_ctx_noop("config-source", "database"), {}},
       }},
  };
  return all;
}

// Built once per vocabulary: an import parses a channel, a grade and a yes/no on every row.
const std::vector<TermAlias>& synonyms_of(std::string_view vocabulary) {
  static const auto all = [] {
    std::vector<std::pair<std::string_view, std::vector<TermAlias>>> out;
    for (const auto& v : vocabularies()) {
      std::vector<TermAlias> synonyms;
      for (const auto& t : v.terms)
        for (auto s : t.synonyms) synonyms.push_back({s, t.code});
      out.emplace_back(v.name, std::move(synonyms));
    }
    return out;
  }();
  for (const auto& [name, list] : all)
    if (name == vocabulary) return list;
  throw std::logic_error("no vocabulary named " + std::string(vocabulary));
}

}  // namespace

const std::vector<std::string>& codes(std::string_view vocabulary) {
  static const auto all = [] {
    std::vector<std::pair<std::string_view, std::vector<std::string>>> out;
    for (const auto& v : vocabularies()) {
      std::vector<std::string> codes;
      for (const auto& t : v.terms) codes.emplace_back(t.code);
      out.emplace_back(v.name, std::move(codes));
    }
    return out;
  }();
  for (const auto& [name, list] : all)
    if (name == vocabulary) return list;
  throw std::logic_error("no vocabulary named " + std::string(vocabulary));
}

std::optional<std::string> parse(std::string_view vocabulary, std::string_view input) {
  return parse(vocabulary, input, codes(vocabulary));
}

std::optional<std::string> parse(std::string_view vocabulary, std::string_view input,
                                 const std::vector<std::string>& allowed) {
  return code_named(vocabulary, input, allowed, synonyms_of(vocabulary));
}

std::string name(std::string_view vocabulary, std::string_view code) { return term_in(vocabulary, code, language()); }

std::string listed(std::string_view vocabulary) { return listed(vocabulary, codes(vocabulary)); }
std::string listed(std::string_view vocabulary, const std::vector<std::string>& codes) {
  if (language() != Lang::zh) return terms_listed(vocabulary, codes);
  // In Chinese, the names alone (a code without one as it is): either is accepted as input.
  std::string out;
  for (const auto& code : codes) {
    if (!out.empty()) out += "、";
    out += term_in(vocabulary, code, Lang::zh);
  }
  return out;
}

std::string require(std::string_view vocabulary, std::string_view input, std::string_view what) {
  return require(vocabulary, input, what, codes(vocabulary));
}
std::string require(std::string_view vocabulary, std::string_view input, std::string_view what,
                    const std::vector<std::string>& allowed) {
  if (auto code = parse(vocabulary, input, allowed)) return *code;
  fail_invalid("{}: '{}' is not one of {}", what, input, listed(vocabulary, allowed));
}

}  // namespace csdesk::vocab
