<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ClerkDesk</name>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="148"/>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="175"/>
        <source>Waiting for this window</source>
        <translation>本窗口等候</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_rating.py" line="145"/>
        <source>Not rated</source>
        <translation>未评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_rating.py" line="150"/>
        <source>Rating: {level}</source>
        <translation>评价结果：{level}</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_rating.py" line="136"/>
        <source>The rating keypad did not answer: {error}</source>
        <translation>评价器无响应：{error}</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_rating.py" line="79"/>
        <source>Please ask the visitor to rate {number}…</source>
        <translation>请邀请群众对 {number} 进行评价…</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="295"/>
        <source>Window {number}  {name}</source>
        <translation>{number} 号窗口  {name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="299"/>
        <source>Not signed in</source>
        <translation>未签到</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="301"/>
        <source>Paused</source>
        <translation>暂停中</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="303"/>
        <source>Serving</source>
        <translation>服务中</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="308"/>
        <source>being served</source>
        <translation>办理中</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="308"/>
        <source>called</source>
        <translation>已呼叫</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="312"/>
        <source>No ticket at the window</source>
        <translation>当前无办理中的号</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="315"/>
        <source>Held: {numbers}</source>
        <translation>挂起：{numbers}</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="364"/>
        <source>Time: {elapsed} (promised {minutes} min)</source>
        <translation>已用时 {elapsed}（承诺时限 {minutes} 分钟）</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="369"/>
        <source>Over the promised time!</source>
        <translation>已超过承诺时限！</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="379"/>
        <source>[green channel]</source>
        <translation>【绿色通道】</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="387"/>
        <source>Today: {served} served · average {average} · satisfaction {rate} ({rated} rated)</source>
        <translation>今日：已办 {served} 件 · 平均用时 {average} · 满意率 {rate}（{rated} 人评价）</translation>
    </message>
</context>
<context>
    <name>ClerkWorkstation</name>
    <message>
        <location filename="../../app/ui/counter.py" line="46"/>
        <source>Window {window} workstation</source>
        <translation>{window} 号窗口叫号终端</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter.py" line="101"/>
        <source>Could not log in: wrong staff number or password, or no server.</source>
        <translation>登录失败：工号或密码不正确，或无法连接服务器。</translation>
    </message>
</context>
<context>
    <name>ClockLabel</name>
    <message>
        <location filename="../../app/ui/widgets.py" line="109"/>
        <source>Monday</source>
        <translation>星期一</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="110"/>
        <source>Tuesday</source>
        <translation>星期二</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="111"/>
        <source>Wednesday</source>
        <translation>星期三</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="112"/>
        <source>Thursday</source>
        <translation>星期四</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="113"/>
        <source>Friday</source>
        <translation>星期五</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="114"/>
        <source>Saturday</source>
        <translation>星期六</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="115"/>
        <source>Sunday</source>
        <translation>星期日</translation>
    </message>
    <message>
        <location filename="../../app/ui/widgets.py" line="117"/>
        <source>{year}-{month:02d}-{day:02d}</source>
        <translation>{year}年{month}月{day}日</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <location filename="../../app/ui/widgets.py" line="85"/>
        <source>Connection to the hall server lost. Reconnecting automatically…</source>
        <translation>与大厅服务器的连接已断开，正在自动重连…</translation>
    </message>
</context>
<context>
    <name>CounterScreen</name>
    <message>
        <location filename="../../app/ui/counter_screen.py" line="79"/>
        <location filename="../../app/ui/counter_screen.py" line="223"/>
        <source>Window {window}</source>
        <translation>{window} 号窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_screen.py" line="228"/>
        <source>Window not open</source>
        <translation>窗口未开放</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_screen.py" line="228"/>
        <source>Paused</source>
        <translation>暂停中</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_screen.py" line="230"/>
        <source>Service paused</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_screen.py" line="233"/>
        <source>Now serving</source>
        <translation>正在办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_screen.py" line="233"/>
        <source>Now calling</source>
        <translation>正在呼叫</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_screen.py" line="236"/>
        <source>Please wait for your number to be called</source>
        <translation>请留意叫号</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_screen.py" line="237"/>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_screen.py" line="242"/>
        <source>No clerk signed in</source>
        <translation>暂无工作人员签到</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_screen.py" line="244"/>
        <source>Staff number: {number}</source>
        <translation>工号：{number}</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_screen.py" line="248"/>
        <source>Services: {names}</source>
        <translation>办理事项：{names}</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="50"/>
        <source>Call next</source>
        <translation>叫下一位</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="51"/>
        <source>Recall</source>
        <translation>重呼</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="52"/>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="53"/>
        <source>Finish…</source>
        <translation>办结…</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="54"/>
        <source>Start serving</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="55"/>
        <source>Hold</source>
        <translation>挂起</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="56"/>
        <source>Transfer…</source>
        <translation>转移…</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="57"/>
        <source>Call a number…</source>
        <translation>指定叫号…</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="58"/>
        <source>Pause / resume</source>
        <translation>暂停 / 恢复</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_desk.py" line="59"/>
        <source>Sign in / out</source>
        <translation>签到 / 签退</translation>
    </message>
</context>
<context>
    <name>EvaluatorScreen</name>
    <message>
        <location filename="../../app/ui/evaluator.py" line="101"/>
        <source>Rate our service · window {window}</source>
        <translation>服务评价 · {window} 号窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator.py" line="146"/>
        <source>Please rate our service</source>
        <translation>请您对本次服务进行评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator.py" line="164"/>
        <source>What were you not satisfied with? (choose any)</source>
        <translation>请选择您不满意的原因（可多选）</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator.py" line="165"/>
        <source>Tell us more (you may leave this empty)</source>
        <translation>请写下您的意见（可不填）</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator.py" line="166"/>
        <source>Back</source>
        <translation>返回重选</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator.py" line="167"/>
        <source>Send my rating</source>
        <translation>提交评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator.py" line="176"/>
        <source>Thank you for your rating</source>
        <translation>感谢您的评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator.py" line="179"/>
        <source>Your rating has been recorded</source>
        <translation>您的评价已记录</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator.py" line="307"/>
        <source>Your number: {number}</source>
        <translation>您的号码：{number}</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator.py" line="321"/>
        <source>Your rating: {level}</source>
        <translation>您的评价：{level}</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator.py" line="384"/>
        <source>{seconds} s left</source>
        <translation>剩余 {seconds} 秒</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator.py" line="406"/>
        <source>Window {window}  {name}</source>
        <translation>{window} 号窗口  {name}</translation>
    </message>
</context>
<context>
    <name>FinishPanel</name>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="165"/>
        <source>Finish the case: choose the outcome</source>
        <translation>办结：请选择办理结果</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="168"/>
        <location filename="../../app/ui/counter_panels.py" line="209"/>
        <source>Note (optional): Tab to type, Enter to go back</source>
        <translation>备注（可选）：Tab 键填写，回车返回</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="175"/>
        <source>Case number from the business system: Tab twice, then type or scan</source>
        <translation>办件编号（一窗受理系统）：按两次 Tab 后输入或扫码</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="180"/>
        <source>Missing materials, one per line</source>
        <translation>缺少的材料，每行一项</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="183"/>
        <source>Send the list</source>
        <translation>提交清单</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="210"/>
        <source>Press 1–4; Esc goes back</source>
        <translation>按 1–4 选择办理结果；Esc 返回</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="216"/>
        <source>Not accepted: type the reason, then Enter</source>
        <translation>不予受理：请填写理由，回车确认</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="223"/>
        <source>Materials incomplete: one missing material per line, then Ctrl+Enter</source>
        <translation>材料不齐：每行填写一项缺少的材料，Ctrl+Enter 提交</translation>
    </message>
</context>
<context>
    <name>IdlePage</name>
    <message>
        <location filename="../../app/ui/evaluator_parts.py" line="240"/>
        <source>Staff number: {number}</source>
        <translation>工号：{number}</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator_parts.py" line="245"/>
        <source>Services: {names}</source>
        <translation>办理事项：{names}</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator_parts.py" line="247"/>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <location filename="../../app/ui/evaluator_parts.py" line="248"/>
        <source>After your case is done, please rate our service here</source>
        <translation>办理完毕后，请在此对我们的服务进行评价</translation>
    </message>
</context>
<context>
    <name>KioskScreen</name>
    <message>
        <location filename="../../app/ui/kiosk.py" line="111"/>
        <source>Ticket kiosk</source>
        <translation>取号机</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk.py" line="138"/>
        <location filename="../../app/ui/kiosk.py" line="238"/>
        <location filename="../../app/ui/kiosk.py" line="254"/>
        <source>Please choose your service</source>
        <translation>请选择办理事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk.py" line="154"/>
        <source>Green channel</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk.py" line="159"/>
        <source>For the elderly, the disabled, urgent cases and key projects</source>
        <translation>老年人、残疾人、急事急办及重点项目优先办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk.py" line="162"/>
        <location filename="../../app/ui/kiosk.py" line="243"/>
        <source>Appointment check-in</source>
        <translation>预约签到</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk.py" line="174"/>
        <source>Scan your appointment code or type it in</source>
        <translation>请扫描或输入预约码</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk.py" line="177"/>
        <source>Appointment code</source>
        <translation>预约码</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk.py" line="182"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk.py" line="185"/>
        <source>Check in</source>
        <translation>签到取号</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk.py" line="252"/>
        <source>Green channel: please choose your service</source>
        <translation>绿色通道：请选择办理事项</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk.py" line="348"/>
        <source>Thank you</source>
        <translation>取号成功</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../app/ui/counter_rating.py" line="24"/>
        <source>Very satisfied</source>
        <translation>非常满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_rating.py" line="25"/>
        <source>Satisfied</source>
        <translation>满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_rating.py" line="26"/>
        <source>Fairly satisfied</source>
        <translation>基本满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_rating.py" line="27"/>
        <source>Dissatisfied</source>
        <translation>不满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_rating.py" line="28"/>
        <source>Very dissatisfied</source>
        <translation>非常不满意</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="35"/>
        <source>Completed</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="36"/>
        <source>Materials incomplete (one-time notice)…</source>
        <translation>材料不齐（一次性告知）…</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="37"/>
        <source>Not accepted (give the reason)…</source>
        <translation>不予受理（须说明理由）…</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="38"/>
        <source>Consultation only</source>
        <translation>咨询</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="41"/>
        <source>Lunch break</source>
        <translation>午休</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="42"/>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="43"/>
        <source>Training</source>
        <translation>学习培训</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="44"/>
        <source>Official business</source>
        <translation>公务外出</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="45"/>
        <source>Short break</source>
        <translation>短暂离开</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="46"/>
        <source>Other (give the reason)…</source>
        <translation>其他（须说明原因）…</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <location filename="../../app/ui/i18n.py" line="33"/>
        <source>en</source>
        <translation>zh</translation>
    </message>
</context>
<context>
    <name>LobbyDisplay</name>
    <message>
        <location filename="../../app/ui/display.py" line="77"/>
        <source>Lobby display</source>
        <translation>大厅显示屏</translation>
    </message>
    <message>
        <location filename="../../app/ui/display.py" line="102"/>
        <source>Government service hall</source>
        <translation>政务服务中心</translation>
    </message>
    <message>
        <location filename="../../app/ui/display.py" line="113"/>
        <source>Now calling</source>
        <translation>正在呼叫</translation>
    </message>
    <message>
        <location filename="../../app/ui/display.py" line="125"/>
        <source>Recent calls</source>
        <translation>最近呼叫</translation>
    </message>
    <message>
        <location filename="../../app/ui/display.py" line="197"/>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <location filename="../../app/ui/display.py" line="198"/>
        <source>Please take a ticket and wait for your call</source>
        <translation>请取号后留意叫号</translation>
    </message>
    <message>
        <location filename="../../app/ui/display.py" line="202"/>
        <source>Number {number}, please</source>
        <translation>请 {number} 号</translation>
    </message>
    <message>
        <location filename="../../app/ui/display.py" line="203"/>
        <source>go to window {window}</source>
        <translation>到 {window} 号窗口办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/display.py" line="210"/>
        <source>Window {window}</source>
        <translation>{window} 号窗口</translation>
    </message>
    <message>
        <location filename="../../app/ui/display.py" line="223"/>
        <source>{code} {name}: {waiting} waiting</source>
        <translation>{code} {name}：等候 {waiting} 人</translation>
    </message>
    <message>
        <location filename="../../app/ui/display.py" line="229"/>
        <source> (closed)</source>
        <translation>（暂停取号）</translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../../app/ui/counter_login.py" line="44"/>
        <source>Window {window}: clerk login</source>
        <translation>{window} 号窗口 工作人员登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_login.py" line="52"/>
        <source>Staff number</source>
        <translation>工号</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_login.py" line="53"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_login.py" line="58"/>
        <location filename="../../app/ui/counter_login.py" line="81"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_login.py" line="71"/>
        <source>Enter your staff number and password</source>
        <translation>请输入工号和密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_login.py" line="81"/>
        <source>Logging in…</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>NewPassword</name>
    <message>
        <location filename="../../app/ui/password_fields.py" line="26"/>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/password_fields.py" line="27"/>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <location filename="../../app/ui/password_fields.py" line="29"/>
        <source>8+ characters, not only digits</source>
        <translation>至少 8 位，不能全是数字</translation>
    </message>
    <message>
        <location filename="../../app/ui/password_fields.py" line="59"/>
        <source>The two new passwords differ</source>
        <translation>两次输入的新密码不一致</translation>
    </message>
</context>
<context>
    <name>NumberPanel</name>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="261"/>
        <source>Call a given number</source>
        <translation>指定叫号</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="265"/>
        <source>Ticket number, e.g. A012, or scan the ticket</source>
        <translation>号码，例如 A012，或扫描票据二维码</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="272"/>
        <source>Call this number (or call it back if held)</source>
        <translation>呼叫此号（挂起号即召回）</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="273"/>
        <source>Requeue a no-show</source>
        <translation>过号重新排队</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="290"/>
        <source>Held here: {numbers}</source>
        <translation>本窗口挂起：{numbers}</translation>
    </message>
</context>
<context>
    <name>Panel</name>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="129"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>PausePanel</name>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="315"/>
        <source>Pause the window: why?</source>
        <translation>暂停服务：请选择原因</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="334"/>
        <source>Note (optional): Tab to type, Enter to go back</source>
        <translation>备注（可选）：Tab 键填写，回车返回</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="335"/>
        <source>Press 1–6; Esc goes back</source>
        <translation>按 1–6 选择暂停原因；Esc 返回</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_panels.py" line="340"/>
        <source>Other: type the reason, then Enter</source>
        <translation>其他：请填写原因，回车确认</translation>
    </message>
</context>
<context>
    <name>ReturnVisitDialog</name>
    <message>
        <location filename="../../app/ui/return_visit.py" line="83"/>
        <source>Book the return visit</source>
        <translation>预约回访</translation>
    </message>
    <message>
        <location filename="../../app/ui/return_visit.py" line="85"/>
        <source>{number} {service}: materials incomplete. Book a time for the visitor to come back with them.</source>
        <translation>{number} {service}：材料不齐。请为群众预约补齐材料后再来办理的时间。</translation>
    </message>
    <message>
        <location filename="../../app/ui/return_visit.py" line="97"/>
        <source>Book</source>
        <translation>预约</translation>
    </message>
    <message>
        <location filename="../../app/ui/return_visit.py" line="98"/>
        <source>Not now</source>
        <translation>暂不预约</translation>
    </message>
    <message>
        <location filename="../../app/ui/return_visit.py" line="104"/>
        <source>Visitor&apos;s name</source>
        <translation>预约人姓名</translation>
    </message>
    <message>
        <location filename="../../app/ui/return_visit.py" line="105"/>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <location filename="../../app/ui/return_visit.py" line="111"/>
        <source>Free slots</source>
        <translation>可预约时段</translation>
    </message>
    <message>
        <location filename="../../app/ui/return_visit.py" line="128"/>
        <source>{when} ({free} free)</source>
        <translation>{when}（余 {free} 个）</translation>
    </message>
    <message>
        <location filename="../../app/ui/return_visit.py" line="135"/>
        <source>No free slot in the next two weeks.</source>
        <translation>两周内没有可预约的时段。</translation>
    </message>
    <message>
        <location filename="../../app/ui/return_visit.py" line="140"/>
        <source>Choose a slot first.</source>
        <translation>请先选择时段。</translation>
    </message>
    <message>
        <location filename="../../app/ui/return_visit.py" line="155"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../app/ui/return_visit.py" line="156"/>
        <source>Booked. Give the visitor the code and the time.</source>
        <translation>预约成功。请将预约码和时间告知群众。</translation>
    </message>
</context>
<context>
    <name>ServiceButton</name>
    <message>
        <location filename="../../app/ui/kiosk_pages.py" line="55"/>
        <source>{waiting} waiting</source>
        <translation>等候 {waiting} 人</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_pages.py" line="60"/>
        <source>No tickets now: {reason}</source>
        <translation>暂停取号：{reason}</translation>
    </message>
</context>
<context>
    <name>SimulatedKeypadPanel</name>
    <message>
        <location filename="../../app/ui/keypad_sim_panel.py" line="24"/>
        <source>Rating keypad of window {window} (simulated)</source>
        <translation>{window} 号窗口评价器（模拟）</translation>
    </message>
    <message>
        <location filename="../../app/ui/keypad_sim_panel.py" line="27"/>
        <source>Press a key when the clerk asks for your rating</source>
        <translation>工作人员请您评价时，请按键</translation>
    </message>
    <message>
        <location filename="../../app/ui/keypad_sim_panel.py" line="43"/>
        <source>Thank you for your rating</source>
        <translation>感谢您的评价</translation>
    </message>
    <message>
        <location filename="../../app/ui/keypad_sim_panel.py" line="45"/>
        <source>The keypad is not asking for a rating now</source>
        <translation>评价器当前未在请求评价</translation>
    </message>
</context>
<context>
    <name>TicketPage</name>
    <message>
        <location filename="../../app/ui/kiosk_pages.py" line="101"/>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_pages.py" line="108"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_pages.py" line="120"/>
        <source>(green channel)</source>
        <translation>（绿色通道）</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_pages.py" line="122"/>
        <source>{ahead} people ahead of you</source>
        <translation>您前面还有 {ahead} 人</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_pages.py" line="124"/>
        <source>Printing your ticket…</source>
        <translation>正在打印号票…</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_pages.py" line="129"/>
        <source>Please take your ticket below.</source>
        <translation>请在下方取走号票。</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_pages.py" line="134"/>
        <source>The ticket could not be printed. Please remember your number {number} or ask the staff at the information desk.</source>
        <translation>号票打印失败。请记住您的号码 {number}，或到咨询台找工作人员。</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_pages.py" line="142"/>
        <source>Please remember your number {number}.</source>
        <translation>请记住您的号码 {number}。</translation>
    </message>
</context>
<context>
    <name>TouchKeypad</name>
    <message>
        <location filename="../../app/ui/kiosk_pages.py" line="84"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../app/ui/kiosk_pages.py" line="86"/>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
</context>
<context>
    <name>TransferPanel</name>
    <message>
        <location filename="../../app/ui/counter_transfer.py" line="36"/>
        <source>Transfer the current ticket</source>
        <translation>转移当前号</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_transfer.py" line="43"/>
        <source>Note for the next window (optional): Tab to type, Enter to go back</source>
        <translation>给下一窗口的备注（可选）：Tab 键填写，回车返回</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_transfer.py" line="46"/>
        <source>To a service (its letter)</source>
        <translation>转到事项（按字母）</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_transfer.py" line="50"/>
        <source>To a window (its number)</source>
        <translation>转到窗口（按窗口号）</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_transfer.py" line="104"/>
        <source>No such window; type its number again</source>
        <translation>没有这个窗口，请重新输入窗口号</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_transfer.py" line="106"/>
        <source>Window {typed}…  (Enter confirms)</source>
        <translation>{typed} 号窗口…（回车确认）</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_transfer.py" line="124"/>
        <source>Press a service&apos;s letter or a window&apos;s number; Esc goes back</source>
        <translation>按事项字母或窗口号；Esc 返回</translation>
    </message>
    <message>
        <location filename="../../app/ui/counter_transfer.py" line="90"/>
        <source>Window {number} {name}</source>
        <translation>{number} 号窗口 {name}</translation>
    </message>
</context>
<context>
    <name>Wait</name>
    <message>
        <location filename="../../app/ui/wait_words.py" line="32"/>
        <source>Lunch break: served again from {time}</source>
        <translation>午休，{time} 恢复办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/wait_words.py" line="35"/>
        <source>Served from {time}</source>
        <translation>{time} 开始办理</translation>
    </message>
    <message>
        <location filename="../../app/ui/wait_words.py" line="37"/>
        <source>No window serves this now</source>
        <translation>暂无窗口办理</translation>
    </message>
</context>
</TS>
