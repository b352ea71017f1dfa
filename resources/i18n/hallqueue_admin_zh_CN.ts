<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminConsole</name>
    <message>
        <location filename="../../app/ui/admin/console.py" line="155"/>
        <source>Hall administration</source>
        <translation>大厅管理后台</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="194"/>
        <source>Could not log in: no answer from the hall server.</source>
        <translation>无法登录：大厅服务器无响应。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="217"/>
        <source>Hall administration — {name}</source>
        <translation>大厅管理后台 — {name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="244"/>
        <source>Dashboard</source>
        <translation>运行概览</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="245"/>
        <source>Hall monitor</source>
        <translation>大厅监控</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="246"/>
        <source>Services</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="247"/>
        <source>Windows</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="248"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="249"/>
        <source>Holidays and hours</source>
        <translation>节假日与作息</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="250"/>
        <source>Unprinted tickets</source>
        <translation>未打印号票</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="251"/>
        <source>Complaints</source>
        <translation>投诉登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="252"/>
        <source>差评 follow-ups</source>
        <translation>差评回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="253"/>
        <source>Attendance</source>
        <translation>考勤</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="254"/>
        <source>Roster (A/B)</source>
        <translation>排班（A/B角）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="255"/>
        <source>Leave</source>
        <translation>请假</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="256"/>
        <source>Duty windows</source>
        <translation>值班窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="257"/>
        <source>评先 grounds</source>
        <translation>取消评先</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="258"/>
        <source>One-time notices</source>
        <translation>一次性告知</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="259"/>
        <source>Appraisal</source>
        <translation>考核评比</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="260"/>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="261"/>
        <source>Audit log</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="262"/>
        <source>Appointments</source>
        <translation>预约</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="263"/>
        <source>Login locks</source>
        <translation>登录锁定</translation>
    </message>
</context>
<context>
    <name>AdminLogin</name>
    <message>
        <location filename="../../app/ui/admin/console.py" line="70"/>
        <source>Hall administration: log in</source>
        <translation>大厅管理后台登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="84"/>
        <source>Staff number</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="85"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="87"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="89"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/console.py" line="101"/>
        <source>Enter your staff number and password</source>
        <translation>请输入工号和密码</translation>
    </message>
</context>
<context>
    <name>Api</name>
    <message>
        <location filename="../../app/ui/admin/common.py" line="61"/>
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/common.py" line="61"/>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/common.py" line="63"/>
        <source>Not allowed with this login ({role}); the supervisor decides this.</source>
        <translation>当前登录（{role}）无权执行此操作，此事由督查主管决定。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/common.py" line="65"/>
        <source>Not allowed with this login ({role}); ask an administrator.</source>
        <translation>当前登录（{role}）无权执行此操作，请联系管理员。</translation>
    </message>
</context>
<context>
    <name>AppointmentsTab</name>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="43"/>
        <source>Slot</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="44"/>
        <location filename="../../app/ui/admin/appointments_tab.py" line="92"/>
        <location filename="../../app/ui/admin/appointments_tab.py" line="109"/>
        <source>Service</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="45"/>
        <source>Code</source>
        <translation>预约码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="46"/>
        <source>Visitor</source>
        <translation>预约人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="47"/>
        <location filename="../../app/ui/admin/appointments_tab.py" line="96"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="48"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="49"/>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="50"/>
        <source>Ticket</source>
        <translation>取号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="51"/>
        <source>Return visit of</source>
        <translation>回访原号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="59"/>
        <source>Show the day</source>
        <translation>查看当日</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="61"/>
        <source>Move to the chosen slot</source>
        <translation>改到所选时段</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="63"/>
        <source>Cancel the booking</source>
        <translation>取消预约</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="65"/>
        <source>Notice for the visitor</source>
        <translation>预约凭证</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="88"/>
        <source>Book</source>
        <translation>预约</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="90"/>
        <source>Book a slot</source>
        <translation>预约时段</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="93"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="95"/>
        <source>Visitor&apos;s name</source>
        <translation>预约人姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="97"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="110"/>
        <source>Minutes</source>
        <translation>时长（分钟）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="111"/>
        <source>Places</source>
        <translation>每段人数</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="112"/>
        <source>Open</source>
        <translation>开放</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="120"/>
        <source>takes bookings</source>
        <translation>开放预约</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="121"/>
        <source>Save the rule (administrators)</source>
        <translation>保存规则（管理员）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="123"/>
        <source>Slot rules</source>
        <translation>时段规则</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="126"/>
        <source>Slot minutes</source>
        <translation>时段长度（分钟）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="127"/>
        <source>Places per slot</source>
        <translation>每时段人数</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="211"/>
        <source>{when} ({free} of {places} free)</source>
        <translation>{when}（余 {free}/{places}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="227"/>
        <source>Choose a free slot first.</source>
        <translation>请先选择有余位的时段。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="246"/>
        <source>Booked: code {code}</source>
        <translation>预约成功，预约码 {code}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="251"/>
        <source>Choose a booking and a free slot first.</source>
        <translation>请先选择预约记录和有余位的时段。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="141"/>
        <source>Booked</source>
        <translation>已预约</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="142"/>
        <source>Checked in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="143"/>
        <source>Late (queued as walk-in)</source>
        <translation>迟到（按现场排队）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="144"/>
        <source>Did not come</source>
        <translation>未到</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="145"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="148"/>
        <source>Front desk</source>
        <translation>服务台</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="149"/>
        <source>Return visit</source>
        <translation>窗口回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="150"/>
        <source>Online platform</source>
        <translation>网上预约</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appointments_tab.py" line="151"/>
        <source>Imported</source>
        <translation>导入</translation>
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
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="110"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="113"/>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="119"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="120"/>
        <source>Clerk</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="121"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="132"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="122"/>
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="123"/>
        <source>Minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="128"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="129"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="158"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="130"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="159"/>
        <source>Duty window</source>
        <translation>值班窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="131"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="160"/>
        <source>Inspector</source>
        <translation>检查人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="133"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="162"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="134"/>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="163"/>
        <source>Findings</source>
        <translation>检查情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="135"/>
        <source>Criticism</source>
        <translation>通报批评</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="136"/>
        <source>Conduct</source>
        <translation>评先事由</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="141"/>
        <source>Duty-window patrol (值班巡查)</source>
        <translation>值班巡查</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="142"/>
        <source>Unannounced visit (明察暗访)</source>
        <translation>明察暗访</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="143"/>
        <source>Centre inspection (中心督查)</source>
        <translation>中心督查</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="147"/>
        <source>— (by the kind: 7, or 3 for a visit)</source>
        <translation>—（按类别：巡查为第7项，暗访、督查为第3项）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="153"/>
        <source>criticism (通报批评)</source>
        <translation>通报批评</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="154"/>
        <source>Record inspection</source>
        <translation>记录检查</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="156"/>
        <source>Inspection</source>
        <translation>检查记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="164"/>
        <source>评先 ground named</source>
        <translation>所涉评先事由</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="161"/>
        <source>Window concerned</source>
        <translation>涉及窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="167"/>
        <source>Attendance findings</source>
        <translation>考勤问题</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="169"/>
        <source>Inspections</source>
        <translation>检查记录</translation>
    </message>
</context>
<context>
    <name>AuditTab</name>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="199"/>
        <source>action, e.g. window_update</source>
        <translation>操作，如 window_update</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="200"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="203"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="209"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="210"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="211"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="212"/>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="243"/>
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
        <location filename="../../app/ui/admin/complaints_tab.py" line="38"/>
        <source>open only</source>
        <translation>仅未办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="39"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="42"/>
        <location filename="../../app/ui/admin/complaints_tab.py" line="50"/>
        <source>Received</source>
        <translation>登记时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="49"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="51"/>
        <location filename="../../app/ui/admin/complaints_tab.py" line="67"/>
        <location filename="../../app/ui/admin/complaints_tab.py" line="118"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="52"/>
        <location filename="../../app/ui/admin/complaints_tab.py" line="120"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="53"/>
        <location filename="../../app/ui/admin/complaints_tab.py" line="123"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="54"/>
        <location filename="../../app/ui/admin/complaints_tab.py" line="124"/>
        <source>Staff</source>
        <translation>人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="55"/>
        <location filename="../../app/ui/admin/complaints_tab.py" line="125"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="56"/>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="57"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="58"/>
        <source>Important</source>
        <translation>重要</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="59"/>
        <source>违诺超时</source>
        <translation>违诺超时</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="60"/>
        <source>Routed to</source>
        <translation>转办对象</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="61"/>
        <location filename="../../app/ui/admin/complaints_tab.py" line="146"/>
        <source>Result</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="62"/>
        <location filename="../../app/ui/admin/complaints_tab.py" line="73"/>
        <source>Substantiated</source>
        <translation>有效投诉</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="68"/>
        <source>Entries</source>
        <translation>件数</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="69"/>
        <source>Answered</source>
        <translation>已答复</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="70"/>
        <source>Open</source>
        <translation>未办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="71"/>
        <source>On time</source>
        <translation>按时</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="72"/>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="74"/>
        <source>Unfounded</source>
        <translation>不属实</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="99"/>
        <source>Complaint (投诉)</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="100"/>
        <source>Suggestion (建议)</source>
        <translation>建议</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="101"/>
        <source>Enquiry (咨询)</source>
        <translation>咨询</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="110"/>
        <source>special case (7 working days)</source>
        <translation>特殊情况（7 个工作日）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="111"/>
        <source>about a promised time missed (违诺超时)</source>
        <translation>违诺超时</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="112"/>
        <source>important (kept beyond the year)</source>
        <translation>重要（保存一年以上）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="113"/>
        <source>Register</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="116"/>
        <source>New entry</source>
        <translation>新登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="119"/>
        <source>Reply promised on</source>
        <translation>承诺答复日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="121"/>
        <source>Complainant</source>
        <translation>投诉人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="122"/>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="133"/>
        <source>Route</source>
        <translation>转办</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="136"/>
        <source>substantiated (有效投诉)</source>
        <translation>有效投诉</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="137"/>
        <source>Close</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="139"/>
        <location filename="../../app/ui/admin/complaints_tab.py" line="198"/>
        <source>Mark important</source>
        <translation>标为重要</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="142"/>
        <source>Selected entry</source>
        <translation>所选登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="144"/>
        <source>Route to</source>
        <translation>转办给</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="147"/>
        <source>Feedback</source>
        <translation>反馈情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="177"/>
        <source>open</source>
        <translation>已登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="178"/>
        <source>routed</source>
        <translation>已转办</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="179"/>
        <source>closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="187"/>
        <source>Statistics of {month} ({overdue} overdue)</source>
        <translation>{month} 统计（超期 {overdue} 件）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="198"/>
        <source>Clear the important mark</source>
        <translation>取消重要标记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/complaints_tab.py" line="243"/>
        <source>Saved: {target}</source>
        <translation>已保存：{target}</translation>
    </message>
</context>
<context>
    <name>DashboardTab</name>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="85"/>
        <source>Waiting now</source>
        <translation>当前等候</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="86"/>
        <source>Tickets today</source>
        <translation>今日取号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="87"/>
        <source>Windows serving</source>
        <translation>窗口在办</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="88"/>
        <source>Satisfaction today</source>
        <translation>今日满意度</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="89"/>
        <source>Satisfaction, 30 days</source>
        <translation>近 30 日满意度</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="90"/>
        <location filename="../../app/ui/admin/dashboard.py" line="128"/>
        <source>Alarms</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="168"/>
        <source>longest {minutes} min ({number})</source>
        <translation>最长 {minutes} 分钟（{number}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="172"/>
        <source>nobody waiting</source>
        <translation>无人等候</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="180"/>
        <source>{free} free · {paused} paused · {closed} not staffed</source>
        <translation>空闲 {free} · 暂停 {paused} · 未上岗 {closed}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="191"/>
        <source> · longest {minutes} min</source>
        <translation> · 最长 {minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="193"/>
        <source> · no window</source>
        <translation> · 暂无窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="195"/>
        <source>Waiting per service (wait target {minutes} min)</source>
        <translation>各事项等候人数（等候目标 {minutes} 分钟）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="198"/>
        <source>serving</source>
        <translation>服务中</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="199"/>
        <source>calling</source>
        <translation>呼叫中</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="200"/>
        <source>free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="201"/>
        <source>paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="202"/>
        <source>not staffed</source>
        <translation>未上岗</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="204"/>
        <source>Windows now</source>
        <translation>窗口状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="212"/>
        <source>{calls} called</source>
        <translation>已叫号 {calls}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="216"/>
        <source>average of the last {n} {weekday}s</source>
        <translation>对比前 {n} 个{weekday}的平均</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="220"/>
        <source>no earlier {weekday} to compare yet</source>
        <translation>尚无往周{weekday}可比</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="222"/>
        <source>arrivals</source>
        <translation>取号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="223"/>
        <source>calls</source>
        <translation>叫号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="224"/>
        <source>arrivals, {weekday} average</source>
        <translation>取号（{weekday}平均）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="225"/>
        <source>calls, {weekday} average</source>
        <translation>叫号（{weekday}平均）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="228"/>
        <source>Tickets and calls per hour today ({against})</source>
        <translation>今日各时段取号与叫号（{against}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="235"/>
        <location filename="../../app/ui/admin/dashboard.py" line="241"/>
        <source>{rated} rated · {bad} 差评</source>
        <translation>{rated} 条评价 · 差评 {bad}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="248"/>
        <source>Satisfaction by day, last 30 days</source>
        <translation>近 30 日每日满意度</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="249"/>
        <source>satisfaction</source>
        <translation>满意度</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="257"/>
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="258"/>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="259"/>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="260"/>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="261"/>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="262"/>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="263"/>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="276"/>
        <source>Hall alarm: {text}</source>
        <translation>大厅告警：{text}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="280"/>
        <source>Rating keypad of window {n}</source>
        <translation>{n} 号窗口评价器</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="282"/>
        <source>Ticket printer of kiosk {name}</source>
        <translation>取号机 {name} 的打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="283"/>
        <source>{device} is offline</source>
        <translation>{device}离线</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="286"/>
        <source>差评 follow-up {number} (window {window}) is overdue: due {deadline}</source>
        <translation>差评回访 {number}（{window} 号窗口）已逾期：期限 {deadline}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="288"/>
        <source>差评 follow-up {number} (window {window}) is due {deadline}</source>
        <translation>差评回访 {number}（{window} 号窗口）即将到期：期限 {deadline}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="304"/>
        <source>{number} ({service}) has waited {minutes} min</source>
        <translation>{number}（{service}）已等候 {minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="314"/>
        <source>…and {n} more waiting long</source>
        <translation>……另有 {n} 人等候过久</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="320"/>
        <source>Rating anomaly at window {window}, {at}: {text}</source>
        <translation>评价异常（{window} 号窗口，{at}）：{text}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="331"/>
        <source>No alarms: all is well</source>
        <translation>无告警，一切正常</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="338"/>
        <source>see the list below</source>
        <translation>见下方列表</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="338"/>
        <source>all is well</source>
        <translation>一切正常</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/dashboard.py" line="341"/>
        <source>Alarms ({n})</source>
        <translation>告警（{n}）</translation>
    </message>
</context>
<context>
    <name>DutyTab</name>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="284"/>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="289"/>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="295"/>
        <source>Order</source>
        <translation>顺序</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="296"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="304"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="328"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="358"/>
        <source>Duty window</source>
        <translation>值班窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="358"/>
        <source>Convenor (召集人)</source>
        <translation>召集人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="303"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="330"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="297"/>
        <source>Role</source>
        <translation>职责</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="305"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="329"/>
        <source>Patroller</source>
        <translation>巡查人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="306"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="331"/>
        <source>Findings</source>
        <translation>检查情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="309"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="309"/>
        <source>Patrols</source>
        <translation>巡查次数</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="311"/>
        <source>Save duty windows</source>
        <translation>保存值班窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="313"/>
        <source>Duty windows of the month</source>
        <translation>本月值班窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="315"/>
        <source>1 (convenor, 召集人)</source>
        <translation>1（召集人）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="323"/>
        <source>Record patrol</source>
        <translation>登记巡查</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="326"/>
        <source>Patrol (巡查)</source>
        <translation>巡查登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="334"/>
        <source>Duty windows</source>
        <translation>值班窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="336"/>
        <source>Patrol records</source>
        <translation>巡查记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="341"/>
        <source>Working days short of patrols</source>
        <translation>巡查次数不足的工作日</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="366"/>
        <source>Window {n}</source>
        <translation>{n}号窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="372"/>
        <source>{month}: no duty windows set; patrols are not checked.</source>
        <translation>{month}：未排值班窗口，不检查巡查。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="375"/>
        <source>{month}: {days} working days checked, {short} short of {need} patrols a day.</source>
        <translation>{month}：已检查 {days} 个工作日，其中 {short} 天不足每天 {need} 次巡查。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="400"/>
        <source>Saved: {target}</source>
        <translation>已保存：{target}</translation>
    </message>
</context>
<context>
    <name>FollowUpsTab</name>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="37"/>
        <source>open only</source>
        <translation>仅未办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="42"/>
        <source>Ticket</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="43"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="44"/>
        <source>Clerk</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="45"/>
        <source>Rating</source>
        <translation>评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="46"/>
        <source>Opened</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="47"/>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="48"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="49"/>
        <source>Visit result</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="50"/>
        <source>Rectification</source>
        <translation>整改情况</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="57"/>
        <source>close the follow-up</source>
        <translation>回访办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="58"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="60"/>
        <source>Selected follow-up</source>
        <translation>所选回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="62"/>
        <source>Visit result (回访)</source>
        <translation>回访结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/appraisal_tabs.py" line="63"/>
        <source>Rectification (整改)</source>
        <translation>整改情况</translation>
    </message>
</context>
<context>
    <name>GroundsTab</name>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="51"/>
        <source>Show</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="55"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="60"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="80"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="123"/>
        <source>Clerk</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="62"/>
        <source>评先 status</source>
        <translation>评先资格</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="61"/>
        <source>Grounds</source>
        <translation>事由数</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="68"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="79"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="125"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="69"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="70"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="81"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="124"/>
        <source>Ground</source>
        <translation>事由</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="71"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="72"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="82"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="127"/>
        <source>What happened</source>
        <translation>事实经过</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="73"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="128"/>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="83"/>
        <source>Withdrawn by</source>
        <translation>撤销人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="84"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="138"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="88"/>
        <source>Clerks who lose 评先 this year</source>
        <translation>本年度取消评先资格的人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="90"/>
        <source>Grounds of the selected clerk</source>
        <translation>所选人员的事由</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="92"/>
        <source>Withdrawn records (on file, not counted)</source>
        <translation>已撤销的登记（存档，不计入）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="117"/>
        <source>e.g. video 10:42, complaint letter no. 7</source>
        <translation>如：监控录像 10:42、投诉信第 7 号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="118"/>
        <source>Record ground</source>
        <translation>登记事由</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="121"/>
        <source>Record a ground (取消评先)</source>
        <translation>登记取消评先事由</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="126"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="134"/>
        <source>Withdraw the selected record</source>
        <translation>撤销所选登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="136"/>
        <source>Withdraw a record made in error</source>
        <translation>撤销误登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="157"/>
        <source>{year}: {n} clerks lose 评先 (judged as of {as_of})</source>
        <translation>{year} 年：{n} 人取消评先资格（截至 {as_of}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="185"/>
        <source>Select a ground recorded by a supervisor</source>
        <translation>请选择一条主管登记的事由</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="191"/>
        <source>Saved: {target}</source>
        <translation>已保存：{target}</translation>
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
        <location filename="../../app/ui/admin/config_tabs.py" line="350"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="367"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="351"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="368"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="352"/>
        <source>Make-up working day</source>
        <translation>调休上班</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="360"/>
        <source>make-up working day (调休上班)</source>
        <translation>调休上班日</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="361"/>
        <source>Add or change</source>
        <translation>添加或修改</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="362"/>
        <source>Remove selected</source>
        <translation>删除所选</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="365"/>
        <source>Holiday</source>
        <translation>节假日</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="374"/>
        <source>Hours in use and rating scales (read-only)</source>
        <translation>当前作息时间与评价等级（只读）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="411"/>
        <source>Hall hours {open}–{close}; clerks expected {lead} min before opening.</source>
        <translation>大厅作息 {open}–{close}；工作人员应提前 {lead} 分钟签到。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="417"/>
        <source>{size}-level scale: {labels} (差评 ≤ {bad})</source>
        <translation>{size} 级评价：{labels}（{bad} 级及以下为差评）</translation>
    </message>
</context>
<context>
    <name>HoursChart</name>
    <message>
        <location filename="../../app/ui/admin/dashboard_charts.py" line="81"/>
        <source>{hour}:00</source>
        <translation>{hour}时</translation>
    </message>
</context>
<context>
    <name>LeaveTab</name>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="165"/>
        <source>pending only</source>
        <translation>只看待审批</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="170"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="171"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="196"/>
        <source>Clerk</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="172"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="197"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="173"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="198"/>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="174"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="199"/>
        <source>To</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="175"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="200"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="176"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="177"/>
        <source>Decided by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="178"/>
        <source>Decided at</source>
        <translation>审批时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="192"/>
        <source>Record request</source>
        <translation>登记请假</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="194"/>
        <source>Leave request (请假)</source>
        <translation>请假登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="203"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="205"/>
        <source>Refuse</source>
        <translation>不批准</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="208"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="247"/>
        <source>Select a pending request</source>
        <translation>请选择一条待审批的请假</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="209"/>
        <source>Approval (审批)</source>
        <translation>审批</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="212"/>
        <source>Note</source>
        <translation>意见</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="269"/>
        <source>Saved: {target}</source>
        <translation>已保存：{target}</translation>
    </message>
</context>
<context>
    <name>LocksTab</name>
    <message>
        <location filename="../../app/ui/admin/locks_tab.py" line="19"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/locks_tab.py" line="20"/>
        <source>Staff number or address</source>
        <translation>工号或地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/locks_tab.py" line="21"/>
        <source>Locked since</source>
        <translation>锁定时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/locks_tab.py" line="22"/>
        <source>Minutes left</source>
        <translation>剩余分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/locks_tab.py" line="25"/>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/locks_tab.py" line="27"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/locks_tab.py" line="31"/>
        <source>Locked after too many failed logins; a lock lifts by itself.</source>
        <translation>登录失败次数过多而锁定；到时自动解除。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/locks_tab.py" line="49"/>
        <source>Choose a lock first</source>
        <translation>请先选择一项锁定</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/locks_tab.py" line="53"/>
        <source>Unlocked {key}</source>
        <translation>已解锁 {key}</translation>
    </message>
</context>
<context>
    <name>MonitorTab</name>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="40"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="41"/>
        <location filename="../../app/ui/admin/monitor.py" line="53"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="42"/>
        <source>Clerk</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="43"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="44"/>
        <source>Current ticket</source>
        <translation>当前号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="45"/>
        <source>Timer</source>
        <translation>计时</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="46"/>
        <source>Held</source>
        <translation>挂起</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="47"/>
        <source>Services</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="52"/>
        <location filename="../../app/ui/admin/monitor.py" line="62"/>
        <source>Service</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="54"/>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="55"/>
        <source>Issued today</source>
        <translation>今日取号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="56"/>
        <source>Taking tickets</source>
        <translation>可取号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="61"/>
        <source>Ticket</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="63"/>
        <source>Issued</source>
        <translation>取号时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="64"/>
        <source>Waiting (min)</source>
        <translation>已等候（分钟）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="69"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="70"/>
        <source>Online</source>
        <translation>在线状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="71"/>
        <source>Since</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="77"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="82"/>
        <source>Windows</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="84"/>
        <source>Waiting per service</source>
        <translation>各事项等候</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="85"/>
        <source>Waiting longer than</source>
        <translation>等候超时</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="90"/>
        <source>Keypads and printers</source>
        <translation>评价器与打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="161"/>
        <source>{waiting} waiting · {signed} of {total} windows staffed</source>
        <translation>等候 {waiting} 人 · {total} 个窗口中 {signed} 个已签到</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="204"/>
        <source>Not staffed</source>
        <translation>未签到</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="207"/>
        <source>lunch</source>
        <translation>午休</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="208"/>
        <source>meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="209"/>
        <source>on business</source>
        <translation>公务外出</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="210"/>
        <source>short break</source>
        <translation>短暂离开</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="211"/>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="214"/>
        <source>Paused ({reason})</source>
        <translation>暂停（{reason}）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="217"/>
        <source>Calling</source>
        <translation>呼叫中</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="219"/>
        <source>Serving</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="220"/>
        <source>Free</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="255"/>
        <source>Keypad, window {n}</source>
        <translation>{n} 号窗口评价器</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="257"/>
        <source>Printer, kiosk {name}</source>
        <translation>取号机 {name} 打印机</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="259"/>
        <source>online</source>
        <translation>在线</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/monitor.py" line="259"/>
        <source>OFFLINE</source>
        <translation>离线</translation>
    </message>
</context>
<context>
    <name>NoticesTab</name>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="211"/>
        <source>Ticket</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="212"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="229"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="248"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="213"/>
        <source>Service</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="214"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="249"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="215"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="230"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="247"/>
        <source>Clerk</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="216"/>
        <source>Missing materials</source>
        <translation>所缺材料</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="222"/>
        <source>Save the 一次性告知单 as PDF</source>
        <translation>生成一次性告知单（PDF）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="231"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="250"/>
        <source>What happened</source>
        <translation>事实经过</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="232"/>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="251"/>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="233"/>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="243"/>
        <source>Record failure</source>
        <translation>登记</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="245"/>
        <source>A failure of 一次性告知</source>
        <translation>一次性告知未落实</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="254"/>
        <source>One-time notices (一次性告知单)</source>
        <translation>一次性告知单</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="256"/>
        <source>Failures of 一次性告知</source>
        <translation>一次性告知未落实记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="260"/>
        <source>Selected notice</source>
        <translation>所选告知单</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="288"/>
        <source>通报批评 ({n} or more failures in a month): {who}</source>
        <translation>通报批评（当月 {n} 次及以上）：{who}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="289"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="300"/>
        <source>Ticket {number} · {service} · window {window} · {staff} · {at}</source>
        <translation>{number} 号 · {service} · {window}号窗口 · {staff} · {at}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/conduct_tabs.py" line="332"/>
        <source>Saved: {target}</source>
        <translation>已保存：{target}</translation>
    </message>
</context>
<context>
    <name>PeriodBar</name>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="50"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="54"/>
        <source>Period</source>
        <translation>期间</translation>
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
    <name>ReportJob</name>
    <message>
        <location filename="../../app/ui/admin/report_job.py" line="58"/>
        <source>Report failed: {error}</source>
        <translation>报表生成失败：{error}</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/report_job.py" line="75"/>
        <source>Report saved: {path}</source>
        <translation>报表已保存：{path}</translation>
    </message>
</context>
<context>
    <name>ReportsTab</name>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="125"/>
        <source>Daily report (日报)</source>
        <translation>日报</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="126"/>
        <source>Monthly appraisal (月度考核)</source>
        <translation>月度考核</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="131"/>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="133"/>
        <source>Make report</source>
        <translation>生成报表</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="141"/>
        <source>Day or month</source>
        <translation>日期或月份</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="145"/>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="164"/>
        <source>Save reports to</source>
        <translation>报表保存到</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="188"/>
        <source>Saved: {files}</source>
        <translation>已保存：{files}</translation>
    </message>
</context>
<context>
    <name>RosterTab</name>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="74"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="75"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="86"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="101"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="76"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="102"/>
        <source>From</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="77"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="103"/>
        <source>To</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="78"/>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="104"/>
        <source>A clerk</source>
        <translation>A角</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="79"/>
        <source>B clerk</source>
        <translation>B角</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="80"/>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="85"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="88"/>
        <source>Due</source>
        <translation>应到岗</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="87"/>
        <source>A/B</source>
        <translation>A/B角</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="96"/>
        <source>Save roster entry</source>
        <translation>保存排班</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="99"/>
        <source>Roster entry (A/B 角)</source>
        <translation>排班（A/B角）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="105"/>
        <source>B clerk (covers A)</source>
        <translation>B角（A角请假时顶岗）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="109"/>
        <source>A later entry for the same window and day replaces an earlier one. On a day A&apos;s approved leave covers, B is due (B 角顶岗); a day with no entry has no one due and no 旷工.</source>
        <translation>同一窗口同一天以后登记的排班为准。A角请假获批的当天由B角顶岗；没有排班的日子无人应到岗，不计旷工。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="116"/>
        <source>Roster entries</source>
        <translation>排班记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="118"/>
        <source>Who is due each working day</source>
        <translation>每个工作日应到岗人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/staffing_tabs.py" line="154"/>
        <source>Saved: {target}</source>
        <translation>已保存：{target}</translation>
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
        <location filename="../../app/ui/admin/config_tabs.py" line="57"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="47"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="58"/>
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
        <location filename="../../app/ui/admin/config_tabs.py" line="60"/>
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
        <location filename="../../app/ui/admin/config_tabs.py" line="53"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="65"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="56"/>
        <source>Number prefix</source>
        <translation>号码前缀</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="59"/>
        <source>Promised time (min)</source>
        <translation>承诺时限（分钟）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="61"/>
        <source>Tickets from</source>
        <translation>开始取号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="62"/>
        <source>Tickets until</source>
        <translation>停止取号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="63"/>
        <source>Order on the kiosk</source>
        <translation>取号机排序</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="64"/>
        <source>Item code in the province&apos;s catalogue</source>
        <translation>事项编码（省级事项目录）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="52"/>
        <source>Item code</source>
        <translation>事项编码</translation>
    </message>
</context>
<context>
    <name>StaffTab</name>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="190"/>
        <source>Clerk</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="191"/>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="192"/>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="200"/>
        <source>Staff no.</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="201"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="209"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="202"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="210"/>
        <source>Title</source>
        <translation>职务</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="203"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="211"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="204"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="251"/>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="205"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="212"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="208"/>
        <source>Staff number</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="232"/>
        <source>only for a new member</source>
        <translation>仅新建人员时填写</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="233"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="238"/>
        <source>Choose photo…</source>
        <translation>选择照片…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="240"/>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="291"/>
        <source>Staff photo</source>
        <translation>人员照片</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="291"/>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="299"/>
        <source>That file is not an image.</source>
        <translation>该文件不是图片。</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="317"/>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="318"/>
        <source>New password for {no}:</source>
        <translation>{no} 的新密码：</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="329"/>
        <source>Password reset for {no}</source>
        <translation>已重置 {no} 的密码</translation>
    </message>
</context>
<context>
    <name>SupervisorNote</name>
    <message>
        <location filename="../../app/ui/admin/pickers.py" line="104"/>
        <source>Only the supervisor (督查主管) decides this; you may view it.</source>
        <translation>此事由督查主管决定；当前登录只能查看。</translation>
    </message>
</context>
<context>
    <name>TicketsTab</name>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="54"/>
        <source>Ticket</source>
        <translation>号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="55"/>
        <source>Service</source>
        <translation>事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="56"/>
        <source>Issued</source>
        <translation>取号时间</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="57"/>
        <source>Kiosk</source>
        <translation>取号机</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="58"/>
        <source>Print state</source>
        <translation>打印状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="61"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="62"/>
        <source>Reprint on this PC&apos;s printer</source>
        <translation>在本机打印机补打</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="64"/>
        <source>Mark handed over</source>
        <translation>标记为已补发</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/ops_tabs.py" line="104"/>
        <source>Printing failed: {error}</source>
        <translation>打印失败：{error}</translation>
    </message>
</context>
<context>
    <name>UploadsBox</name>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="21"/>
        <source>Uploads (好差评 and city)</source>
        <translation>数据上报（好差评与市级）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="25"/>
        <source>Uplink</source>
        <translation>上报对象</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="26"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="27"/>
        <source>Pending</source>
        <translation>待发</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="28"/>
        <source>Oldest pending</source>
        <translation>最早待发</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="29"/>
        <source>Sent today</source>
        <translation>今日已送达</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="30"/>
        <source>Refused</source>
        <translation>被拒收</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="31"/>
        <source>Last success</source>
        <translation>最近成功</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="32"/>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="47"/>
        <source>Province 好差评</source>
        <translation>省好差评平台</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="47"/>
        <source>City database</source>
        <translation>市级考评数据库</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="49"/>
        <source>Off</source>
        <translation>未开启</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="51"/>
        <source>Stuck</source>
        <translation>受阻</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="53"/>
        <source>Retrying ({n} failed)</source>
        <translation>重试中（连续失败 {n} 次）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/uploads_box.py" line="55"/>
        <source>On</source>
        <translation>正常</translation>
    </message>
</context>
<context>
    <name>WindowsTab</name>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="81"/>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="82"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="92"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="83"/>
        <source>Services by priority</source>
        <translation>事项（按优先级）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="84"/>
        <source>A clerk</source>
        <translation>A角</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="85"/>
        <source>B clerk</source>
        <translation>B角</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="86"/>
        <source>Lunch duty</source>
        <translation>午间值班</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="87"/>
        <source>Keypad port</source>
        <translation>评价器端口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="88"/>
        <location filename="../../app/ui/admin/config_tabs.py" line="98"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="91"/>
        <source>Window number</source>
        <translation>窗口号</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="93"/>
        <source>A clerk (staff no.)</source>
        <translation>A角（工号）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="94"/>
        <source>B clerk (staff no.)</source>
        <translation>B角（工号）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="95"/>
        <source>Lunch duty window</source>
        <translation>午间值班窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="96"/>
        <source>Keypad port (COM3, socket://…)</source>
        <translation>评价器端口（COM3、socket://…）</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="97"/>
        <source>Keypad address</source>
        <translation>评价器地址</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="107"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="108"/>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="109"/>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="110"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../app/ui/admin/config_tabs.py" line="124"/>
        <source>Services (first is called first)</source>
        <translation>办理事项（靠前者优先叫号）</translation>
    </message>
</context>
</TS>
