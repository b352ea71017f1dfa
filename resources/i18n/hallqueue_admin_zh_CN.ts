<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminConsole</name>
    <message>
        <location filename="../../app/ui/admin/console.py" line="140"/>
        <source>Hall administration</source>
        <translation>大厅管理后台</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="179"/>
        <source>Could not log in: no answer from the hall server.</source>
        <translation>无法登录：大厅服务器无响应。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="202"/>
        <source>Hall administration — {name}</source>
        <translation>大厅管理后台 — {name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="221"/>
        <source>Hall monitor</source>
        <translation>大厅监控</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="222"/>
        <source>Services</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="223"/>
        <source>Windows</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="224"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="225"/>
        <source>Holidays and hours</source>
        <translation>节假日与作息</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="226"/>
        <source>Unprinted tickets</source>
        <translation>未打印号票</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="227"/>
        <source>Complaints</source>
        <translation>投诉登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="228"/>
        <source>差评 follow-ups</source>
        <translation>差评回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="229"/>
        <source>Attendance</source>
        <translation>考勤</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="230"/>
        <source>Appraisal</source>
        <translation>考核评比</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="231"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="232"/>
        <source>Audit log</source>
        <translation>操作日志</translation>
    </message>
</context>
<context>
    <name>AdminLogin</name>
    <message>
        <location filename="../../app/ui/admin/console.py" line="62"/>
        <source>Hall administration: log in</source>
        <translation>大厅管理后台登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="76"/>
        <source>Staff number</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="77"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="78"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="80"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="92"/>
        <source>Enter your staff number and password</source>
        <translation>请输入工号和密码</translation>
    </message>
</context>
<context>
    <name>Api</name>
    <message>
        <location filename="../../app/ui/admin/common.py" line="56"/>
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/common.py" line="56"/>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/common.py" line="57"/>
        <source>Not allowed with this login ({role}); ask an administrator.</source>
        <translation>当前登录（{role}）无权执行此操作，请联系管理员。</translation>
    </message>
</context>
<context>
    <name>AppraisalTab</name>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="22"/>
        <source>Appraise</source>
        <translation>考核</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="27"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="32"/>
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="33"/>
        <source>Window / clerk</source>
        <translation>窗口 / 人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="34"/>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="35"/>
        <source>Cases</source>
        <translation>办件数</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="36"/>
        <source>Satisfaction</source>
        <translation>满意率</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="37"/>
        <source>Rated</source>
        <translation>参评率</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="38"/>
        <source>In promised time</source>
        <translation>按时办结率</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="39"/>
        <source>差评</source>
        <translation>差评</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="40"/>
        <source>Substantiated complaints</source>
        <translation>有效投诉</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="41"/>
        <source>Attendance findings</source>
        <translation>考勤问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="42"/>
        <source>Not eligible because</source>
        <translation>不参评原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="43"/>
        <source>Talk (约谈)</source>
        <translation>约谈</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="48"/>
        <source>Windows (红旗窗口 in green)</source>
        <translation>窗口（绿色为红旗窗口）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="50"/>
        <source>Clerks</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="81"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ranking_tab.py" line="83"/>
        <source>红旗窗口 {month}: {flags}</source>
        <translation>{month} 红旗窗口：{flags}</translation>
    </message>
</context>
<context>
    <name>AttendanceTab</name>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="262"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="265"/>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="271"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="272"/>
        <source>Clerk</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="273"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="283"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="274"/>
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="275"/>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="280"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="281"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="296"/>
        <source>Duty window</source>
        <translation>值班窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="282"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="297"/>
        <source>Inspector</source>
        <translation>检查人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="284"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="300"/>
        <source>Findings</source>
        <translation>检查情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="285"/>
        <source>Criticism</source>
        <translation>通报批评</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="291"/>
        <source>criticism (通报批评)</source>
        <translation>通报批评</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="292"/>
        <source>Record inspection</source>
        <translation>记录检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="294"/>
        <source>Duty-window inspection</source>
        <translation>值班窗口检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="298"/>
        <source>Window concerned</source>
        <translation>涉及窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="299"/>
        <source>Staff no.</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="303"/>
        <source>Attendance findings</source>
        <translation>考勤问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="305"/>
        <source>Inspections</source>
        <translation>检查记录</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="236"/>
        <source>action, e.g. window_update</source>
        <translation>操作，如 window_update</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="237"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="240"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="246"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="247"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="248"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="249"/>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="280"/>
        <source>Before:
{before}

After:
{after}</source>
        <translation>修改前：
{before}

修改后：
{after}</translation>
    </message>
</context>
<context>
    <name>ComplaintsTab</name>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="56"/>
        <source>open only</source>
        <translation>仅未办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="57"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="60"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="68"/>
        <source>Received</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="67"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="69"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="98"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="70"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="99"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="71"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="102"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="72"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="73"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="104"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="74"/>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="75"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="76"/>
        <source>Routed to</source>
        <translation>转办对象</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="77"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="118"/>
        <source>Result</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="78"/>
        <source>Substantiated</source>
        <translation>有效投诉</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="84"/>
        <source>Complaint (投诉)</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="85"/>
        <source>Suggestion (建议)</source>
        <translation>建议</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="86"/>
        <source>Enquiry (咨询)</source>
        <translation>咨询</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="93"/>
        <source>special case (7 working days)</source>
        <translation>特殊情况（7 个工作日）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="94"/>
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="96"/>
        <source>New entry</source>
        <translation>新登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="100"/>
        <source>Complainant</source>
        <translation>投诉人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="101"/>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="103"/>
        <source>Staff no.</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="108"/>
        <source>Route</source>
        <translation>转办</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="111"/>
        <source>substantiated (有效投诉)</source>
        <translation>有效投诉</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="112"/>
        <source>Close</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="114"/>
        <source>Selected entry</source>
        <translation>所选登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="116"/>
        <source>Route to</source>
        <translation>转办给</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="119"/>
        <source>Feedback</source>
        <translation>反馈情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="178"/>
        <source>Saved: {target}</source>
        <translation>已保存：{target}</translation>
    </message>
</context>
<context>
    <name>FollowUpsTab</name>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="189"/>
        <source>open only</source>
        <translation>仅未办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="194"/>
        <source>Ticket</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="195"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="196"/>
        <source>Clerk</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="197"/>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="198"/>
        <source>Opened</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="199"/>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="200"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="201"/>
        <source>Visit result</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="202"/>
        <source>Rectification</source>
        <translation>整改情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="209"/>
        <source>close the follow-up</source>
        <translation>回访办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="210"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="212"/>
        <source>Selected follow-up</source>
        <translation>所选回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="214"/>
        <source>Visit result (回访)</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="215"/>
        <source>Rectification (整改)</source>
        <translation>整改情况</translation>
    </message>
</context>
<context>
    <name>HallSettingsBox</name>
    <message>
        <location filename="../../app/ui/admin/hall_settings_box.py" line="28"/>
        <source>Hall name, display notice and hours</source>
        <translation>大厅名称、显示屏通知与作息时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/hall_settings_box.py" line="33"/>
        <source>Scrolling notice on the lobby display</source>
        <translation>大厅显示屏滚动通知</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/hall_settings_box.py" line="39"/>
        <source>Save hall settings</source>
        <translation>保存大厅设置</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/hall_settings_box.py" line="42"/>
        <source>Hall name</source>
        <translation>大厅名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/hall_settings_box.py" line="43"/>
        <source>Display notice</source>
        <translation>显示屏通知</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/hall_settings_box.py" line="44"/>
        <source>Opening time</source>
        <translation>开门时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/hall_settings_box.py" line="45"/>
        <source>Closing time</source>
        <translation>关门时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/hall_settings_box.py" line="71"/>
        <source>Hall settings saved.</source>
        <translation>大厅设置已保存。</translation>
    </message>
</context>
<context>
    <name>HolidaysTab</name>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="348"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="365"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="349"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="366"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="350"/>
        <source>Make-up working day</source>
        <translation>调休上班</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="358"/>
        <source>make-up working day (调休上班)</source>
        <translation>调休上班日</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="359"/>
        <source>Add or change</source>
        <translation>添加或修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="360"/>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="363"/>
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="372"/>
        <source>Hours in use and rating scales (read-only)</source>
        <translation>当前作息时间与评价等级（只读）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="409"/>
        <source>Hall hours {open}–{close}; clerks expected {lead} min before opening.</source>
        <translation>大厅作息 {open}–{close}；工作人员应提前 {lead} 分钟签到。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="415"/>
        <source>{size}-level scale: {labels} (差评 ≤ {bad})</source>
        <translation>{size} 级评价：{labels}（{bad} 级及以下为差评）</translation>
    </message>
</context>
<context>
    <name>MonitorTab</name>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="38"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="39"/>
        <location filename="../../app/ui/admin/monitor.py" line="51"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="40"/>
        <source>Clerk</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="41"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="42"/>
        <source>Current ticket</source>
        <translation>当前号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="43"/>
        <source>Timer</source>
        <translation>计时</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="44"/>
        <source>Held</source>
        <translation>挂起</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="45"/>
        <source>Services</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="50"/>
        <location filename="../../app/ui/admin/monitor.py" line="60"/>
        <source>Service</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="52"/>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="53"/>
        <source>Issued today</source>
        <translation>今日取号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="54"/>
        <source>Taking tickets</source>
        <translation>可取号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="59"/>
        <source>Ticket</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="61"/>
        <source>Issued</source>
        <translation>取号时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="62"/>
        <source>Waiting (min)</source>
        <translation>已等候（分钟）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="67"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="68"/>
        <source>Online</source>
        <translation>在线状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="69"/>
        <source>Since</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="75"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="80"/>
        <source>Windows</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="82"/>
        <source>Waiting per service</source>
        <translation>各事项等候</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="83"/>
        <source>Waiting longer than</source>
        <translation>等候超时</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="88"/>
        <source>Keypads and printers</source>
        <translation>评价器与打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="156"/>
        <source>{waiting} waiting · {signed} of {total} windows staffed</source>
        <translation>等候 {waiting} 人 · {total} 个窗口中 {signed} 个已签到</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="199"/>
        <source>Not staffed</source>
        <translation>未签到</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="202"/>
        <source>lunch</source>
        <translation>午休</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="203"/>
        <source>meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="204"/>
        <source>on business</source>
        <translation>公务外出</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="205"/>
        <source>short break</source>
        <translation>短暂离开</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="206"/>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="209"/>
        <source>Paused ({reason})</source>
        <translation>暂停（{reason}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="212"/>
        <source>Calling</source>
        <translation>呼叫中</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="214"/>
        <source>Serving</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="215"/>
        <source>Free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="250"/>
        <source>Keypad, window {n}</source>
        <translation>{n} 号窗口评价器</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="252"/>
        <source>Printer, kiosk {name}</source>
        <translation>取号机 {name} 打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="254"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="254"/>
        <source>OFFLINE</source>
        <translation>离线</translation>
    </message>
</context>
<context>
    <name>RecordFormTab</name>
    <message>
        <location filename="../../app/ui/admin/forms.py" line="104"/>
        <location filename="../../app/ui/admin/forms.py" line="162"/>
        <source>New record</source>
        <translation>新建记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/forms.py" line="109"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/forms.py" line="110"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/forms.py" line="155"/>
        <source>Edit {key}</source>
        <translation>编辑 {key}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/forms.py" line="179"/>
        <source>Saved: {target}</source>
        <translation>已保存：{target}</translation>
    </message>
</context>
<context>
    <name>ReportsTab</name>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="129"/>
        <source>Daily report (日报)</source>
        <translation>日报</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="130"/>
        <source>Monthly appraisal (月度考核)</source>
        <translation>月度考核</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="135"/>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="137"/>
        <source>Make report</source>
        <translation>生成报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="145"/>
        <source>Day or month</source>
        <translation>日期或月份</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="149"/>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="167"/>
        <source>Save reports to</source>
        <translation>报表保存到</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="200"/>
        <source>Report failed: {error}</source>
        <translation>报表生成失败：{error}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="218"/>
        <source>Saved: {files}</source>
        <translation>已保存：{files}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="220"/>
        <source>Report saved: {path}</source>
        <translation>报表已保存：{path}</translation>
    </message>
</context>
<context>
    <name>ServicesTab</name>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="45"/>
        <source>Prefix</source>
        <translation>前缀</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="46"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="56"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="47"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="57"/>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="48"/>
        <source>Promised (min)</source>
        <translation>承诺时限（分钟）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="49"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="59"/>
        <source>Daily cap</source>
        <translation>每日限号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="50"/>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="51"/>
        <source>Until</source>
        <translation>截止</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="52"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="63"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="55"/>
        <source>Number prefix</source>
        <translation>号码前缀</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="58"/>
        <source>Promised time (min)</source>
        <translation>承诺时限（分钟）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="60"/>
        <source>Tickets from</source>
        <translation>开始取号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="61"/>
        <source>Tickets until</source>
        <translation>停止取号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="62"/>
        <source>Order on the kiosk</source>
        <translation>取号机排序</translation>
    </message>
</context>
<context>
    <name>StaffTab</name>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="188"/>
        <source>Clerk</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="189"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="190"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="198"/>
        <source>Staff no.</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="199"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="207"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="200"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="208"/>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="201"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="209"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="202"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="249"/>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="203"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="210"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="206"/>
        <source>Staff number</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="230"/>
        <source>only for a new member</source>
        <translation>仅新建人员时填写</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="231"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="236"/>
        <source>Choose photo…</source>
        <translation>选择照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="238"/>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="289"/>
        <source>Staff photo</source>
        <translation>人员照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="289"/>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="297"/>
        <source>That file is not an image.</source>
        <translation>该文件不是图片。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="315"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="316"/>
        <source>New password for {no}:</source>
        <translation>{no} 的新密码：</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="327"/>
        <source>Password reset for {no}</source>
        <translation>已重置 {no} 的密码</translation>
    </message>
</context>
<context>
    <name>TicketsTab</name>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="57"/>
        <source>Ticket</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="58"/>
        <source>Service</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="59"/>
        <source>Issued</source>
        <translation>取号时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="60"/>
        <source>Kiosk</source>
        <translation>取号机</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="61"/>
        <source>Print state</source>
        <translation>打印状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="64"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="65"/>
        <source>Reprint on this PC&apos;s printer</source>
        <translation>在本机打印机补打</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="67"/>
        <source>Mark handed over</source>
        <translation>标记为已补发</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="106"/>
        <source>Printing failed: {error}</source>
        <translation>打印失败：{error}</translation>
    </message>
</context>
<context>
    <name>WindowsTab</name>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="79"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="80"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="90"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="81"/>
        <source>Services by priority</source>
        <translation>事项（按优先级）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="82"/>
        <source>A clerk</source>
        <translation>A角</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="83"/>
        <source>B clerk</source>
        <translation>B角</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="84"/>
        <source>Lunch duty</source>
        <translation>午间值班</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="85"/>
        <source>Keypad port</source>
        <translation>评价器端口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="86"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="96"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="89"/>
        <source>Window number</source>
        <translation>窗口号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="91"/>
        <source>A clerk (staff no.)</source>
        <translation>A角（工号）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="92"/>
        <source>B clerk (staff no.)</source>
        <translation>B角（工号）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="93"/>
        <source>Lunch duty window</source>
        <translation>午间值班窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="94"/>
        <source>Keypad port (COM3, socket://…)</source>
        <translation>评价器端口（COM3、socket://…）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="95"/>
        <source>Keypad address</source>
        <translation>评价器地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="105"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="106"/>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="107"/>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="108"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="122"/>
        <source>Services (first is called first)</source>
        <translation>办理事项（靠前者优先叫号）</translation>
    </message>
</context>
</TS>
