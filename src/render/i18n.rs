//! The site's UI strings, in English and Simplified Chinese, picked by `language` in `playbook.yaml`.
//!
//! The strings of a language are a [`Strings`] struct with a field per string: Rust reads a field, so a
//! missing or misspelt key does not compile, and every string has both translations (the table below
//! takes the two side by side). Templates see the same struct as the object `t` (`{{ t.search }}`).

use serde::Serialize;

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English, for every language but Chinese.
    En,
    /// Simplified Chinese, for `zh`, `zh-CN`, `zh-Hans`…
    Zh,
}

impl Lang {
    /// The UI language for a content language tag: `zh*` is Chinese, anything else English.
    pub fn for_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

macro_rules! strings {
    ($( $key:ident: $en:literal, $zh:literal; )*) => {
        /// The UI strings of one language, a field per string (each documented with its English text).
        #[derive(Debug, Serialize)]
        pub struct Strings {
            $(
                #[doc = $en]
                pub $key: &'static str,
            )*
        }

        /// The English strings.
        pub static EN: Strings = Strings { $( $key: $en, )* };

        /// The Simplified Chinese strings.
        pub static ZH: Strings = Strings { $( $key: $zh, )* };

        impl Strings {
            /// The string whose field is named `key`, for the few keys that are data rather than code
            /// (a kind's [`crate::content::Kind::label`]); `None` for a name that is not a field.
            pub fn by_key(&self, key: &str) -> Option<&'static str> {
                match key {
                    $( stringify!($key) => Some(self.$key), )*
                    _ => None,
                }
            }

            #[cfg(test)]
            fn all(&self) -> Vec<&'static str> {
                vec![ $( self.$key, )* ]
            }
        }
    };
}

strings! {
    skip: "Skip to content", "跳到正文";
    nav_label: "Main", "主导航";
    breadcrumb: "Breadcrumb", "导航路径";
    overview: "Overview", "概览";
    objections: "Objections", "异议";
    selling_points: "Selling points", "卖点";
    roleplays: "Role-plays", "角色扮演";
    coverage: "Coverage", "覆盖情况";
    segments: "Segments", "客户细分";
    personas: "Personas", "客户角色";
    stages: "Stages", "阶段";
    search: "Search", "搜索";
    search_label: "Search the playbook", "搜索销售手册";
    search_placeholder: "What did the customer say?", "客户说了什么？";
    footer: "Built with playbook", "由 playbook 生成";
    pipeline: "The sale, stage by stage", "销售流程，逐个阶段";
    actions_count: "actions", "项行动";
    objections_count: "objections", "个异议";
    questions_count: "questions", "道题";
    selling_points_count: "selling points", "个卖点";
    actions_count_one: "action", "项行动";
    objections_count_one: "objection", "个异议";
    questions_count_one: "question", "道题";
    selling_points_count_one: "selling point", "个卖点";
    goal: "Goal", "目标";
    entry: "Entry criteria", "进入标准";
    exit: "Exit criteria", "退出标准";
    actions: "What to do", "行动清单";
    owner: "Owner", "负责人";
    materials: "Materials", "材料";
    evidence: "Evidence", "完成证据";
    engage: "Who to engage", "需要接触的角色";
    objections_here: "Objections you will hear", "本阶段常见异议";
    selling_points_here: "Selling points for the segments involved", "相关客户细分的卖点";
    previous: "Previous stage", "上一阶段";
    next: "Next stage", "下一阶段";
    notes: "Notes", "说明";
    practise: "Practise", "练习";
    customer_says: "The customer says", "客户说";
    answer: "What to say", "怎么回答";
    full_answer: "Full answer", "完整回答";
    aliases: "Also heard as", "其他说法";
    explore: "Questions to ask back", "追问";
    proof: "Proof", "证据";
    avoid: "Avoid", "避免";
    comes_up: "Where it comes up", "出现在";
    mentioned_in: "Mentioned in", "被以下内容引用";
    print_card: "Print as battle card", "打印为应答卡";
    finder: "Objection finder", "异议速查";
    finder_intro: "Type what the customer said, or narrow the list by stage, segment and persona.", "输入客户的原话，或按阶段、客户细分和客户角色筛选。";
    finder_text: "What did the customer say?", "客户说了什么？";
    all_stages: "All stages", "全部阶段";
    all_segments: "All segments", "全部客户细分";
    all_personas: "All personas", "全部客户角色";
    finder_count: "{shown} of {total} objections", "共 {total} 个异议，显示 {shown} 个";
    no_match: "No objection matches. Try fewer or other words.", "没有匹配的异议，试试更少或别的关键词。";
    criteria: "How to recognise them", "识别标准";
    mode: "Selling mode", "销售模式";
    mode_expert: "Expert: consultative, few large deals", "顾问式：少量大单";
    mode_intensive: "Intensive: high volume, many small deals", "规模化：大量小单";
    role: "Buying role", "购买角色";
    role_economic_buyer: "Economic buyer", "经济决策者";
    role_user_buyer: "User buyer", "使用决策者";
    role_technical_buyer: "Technical buyer", "技术决策者";
    role_coach: "Coach", "内部教练";
    role_influencer: "Influencer", "影响者";
    role_insider: "Insider", "内部人员";
    cares_about: "Cares about", "关注点";
    feature: "Feature", "功能";
    benefit: "What it does for the customer", "给客户带来的价值";
    for_segments: "For", "适用客户细分";
    matrix: "Selling points by segment", "卖点 × 客户细分";
    matrix_yes: "yes", "是";
    matrix_no: "no", "否";
    all_segments_note: "all segments", "全部客户细分";
    scenario: "Scenario", "情景";
    question: "Question", "问题";
    check: "Check answer", "核对答案";
    reveal: "Show model answer", "查看参考答案";
    your_answer: "Your answer", "你的回答";
    model_answer: "Model answer", "参考答案";
    rubric: "What a good answer contains", "好的回答应包含";
    rubric_tick: "Tick what your answer covered.", "勾选你的回答中涵盖的要点。";
    self_check: "My answer covered the essentials", "我的回答涵盖了要点";
    score: "Score", "得分";
    pass_score: "Pass mark", "及格线";
    passed: "Passed", "已通过";
    not_passed: "Not passed yet", "尚未通过";
    finish: "See my score", "查看得分";
    restart: "Start again", "重新开始";
    correct: "Correct.", "正确。";
    incorrect: "Not quite.", "不太对。";
    pick_first: "Pick an answer first.", "请先选择一个答案。";
    explanation: "Why", "解析";
    trainer_notes: "For the trainer", "培训师专用";
    right_answer: "The right answer", "正确答案";
    your_choice: "Your answer", "你的选择";
    write_first: "Write your answer first, then compare it with the model answer.", "请先写下你的回答，再对照参考答案。";
    unanswered: "{n} unanswered: answer every question to see your score.", "还有 {n} 题未作答：全部作答后才能查看得分。";
    all_right: "Every question right.", "全部答对。";
    study_again: "To study again", "需要复习的内容";
    study: "Study", "复习";
    attempts: "Your attempts", "你的练习记录";
    date: "Date", "日期";
    drill: "Objection drill", "异议演练";
    drill_intro: "Flashcards of what customers say. Answer aloud, then compare with the playbook's answer and grade yourself honestly: the cards you find hard come back sooner.", "客户常说的话做成的闪卡。先大声回答，再对照手册中的回答，如实评分：答得吃力的卡片会更早再次出现。";
    drill_noscript: "The drill needs JavaScript. The objection finder lists every objection with its answer.", "演练需要 JavaScript。异议速查列出了所有异议及其回答。";
    drill_due: "{n} cards to review now", "现在有 {n} 张卡片待复习";
    drill_done: "Nothing due now. Next card: {date}.", "目前没有待复习的卡片。下一张：{date}。";
    drill_empty: "No objections to drill here.", "这里没有可演练的异议。";
    drill_scope: "Only the objections of {name}", "仅限“{name}”中的异议";
    drill_unknown_scope: "Nothing in the playbook has this name: no cards.", "手册中没有这一项：没有卡片。";
    drill_due_today: "{n} drill cards due today", "今天有 {n} 张演练卡片待复习";
    drill_start: "Drill the objections", "演练异议";
    show_answer: "Show the answer", "显示答案";
    key_space: "Space", "空格";
    open_objection: "Open the objection", "打开该异议";
    grade_it: "How well did you answer?", "你答得怎么样？";
    again: "Again", "重来";
    hard: "Hard", "困难";
    good: "Good", "良好";
    easy: "Easy", "简单";
    paths: "Learning paths", "学习路径";
    paths_intro: "Follow a path step by step: study each entry and mark it as studied, drill the answers until they come without notes, then pass the role-play.", "按步骤学习：逐项学习并标记为已学，反复演练应答直到脱稿，最后通过角色扮演。";
    your_paths: "Your learning paths", "你的学习路径";
    audience: "For", "适合";
    day_n: "Day {n}", "第 {n} 天";
    step_n: "Step {n}", "第 {n} 步";
    mark_studied: "Mark as studied", "标记为已学";
    studied: "Studied", "已学";
    done: "Done", "已完成";
    progress_of: "{done} of {total} done", "已完成 {done}/{total}";
    continue_at: "Continue: step {n}, {title}", "继续：第 {n} 步，{title}";
    path_done: "Path complete.", "学习路径已完成。";
    drill_step: "Drill these objections", "演练这些异议";
    drill_step_note: "Done when every card has been answered Good or Easy once.", "每张卡片至少一次评为“良好”或“简单”即算完成。";
    pass_to_complete: "Done when passed", "通过后即算完成";
    certificate: "Certificate", "证书";
    certificate_title: "Certificate of completion", "结业证书";
    certificate_intro: "Every step is done. Type your name once (it stays in this browser), then print the certificate.", "所有步骤均已完成。输入一次你的姓名（只保存在本浏览器中），即可打印证书。";
    your_name: "Your name", "你的姓名";
    print_certificate: "Print the certificate", "打印证书";
    certifies: "This certifies that", "兹证明";
    has_completed: "has completed the learning path", "已完成学习路径";
    completed_on: "Completed on", "完成日期";
    roleplay_results: "Role-play results", "角色扮演成绩";
    your_progress: "Your progress", "你的学习进度";
    progress_file_intro: "Your progress is kept in this browser only. Download it to carry it to another device or to hand it to your manager, and import it there.", "学习进度只保存在这个浏览器中。下载进度文件，即可带到其他设备或交给主管，在那里导入。";
    download_progress: "Download my progress", "下载我的进度";
    import_progress: "Import progress from a file", "从文件导入进度";
    progress_imported: "Progress imported and merged with this browser's.", "进度已导入，并与本浏览器中的进度合并。";
    progress_import_failed: "This file could not be imported: {e}", "无法导入该文件：{e}";
    noscript_quiz: "Turn on JavaScript to answer the questions and get a score. The scenario and the questions are all here to read.", "开启 JavaScript 即可作答并查看得分。情景和问题均可直接阅读。";
    not_started: "Not started", "未开始";
    best_score: "Best score", "最高得分";
    choose_one: "Choose one answer", "选择一个答案";
    trainer_plays: "The trainer plays", "培训师扮演";
    segment: "Segment", "客户细分";
    stage: "Stage", "阶段";
    persona: "Persona", "客户角色";
    motion: "Motion", "销售动作";
    drills: "Drills the objection", "练习的异议";
    coverage_intro: "Which objections cover each stage for each segment. Empty cells are gaps to fill.", "每个阶段、每个客户细分下有哪些异议应答。空白单元格就是需要补齐的缺口。";
    coverage_sp: "Selling points used in these answers", "这些回答中用到的卖点";
    gap: "No objection yet", "暂无异议";
    segments_covered: "Segments covered", "覆盖的客户细分";
    coverage_list_intro: "With this many segments a grid would be unreadable: each stage lists how many objections it has and which segments they cover.", "客户细分较多，不再以表格显示：每个阶段列出异议数量及其覆盖的客户细分。";
    warnings: "Warnings from check", "检查警告";
    no_warnings: "No warnings: the playbook is complete.", "没有警告：销售手册内容完整。";
    more: "more", "更多";
    not_found: "Page not found", "页面不存在";
    not_found_text: "This page does not exist, or it has moved.", "该页面不存在或已移动。";
    back_home: "Back to the overview", "返回概览";
    search_none: "No results. Try fewer words, or another phrasing the customer used.", "没有结果。试试更少的词，或客户的其他说法。";
    search_found: "{n} results for “{q}”", "“{q}”：{n} 个结果";
    search_lead: "Type what the customer said: words, a phrase, a few letters. Press / on any page to search.", "输入客户说的话：词语、句子或几个字。在任何页面按 / 即可搜索。";
    search_noscript: "Search needs JavaScript. The objection finder lists every objection.", "搜索需要 JavaScript。异议速查列出了所有异议。";
    see_all: "See all", "查看全部";
    search_site: "Site search", "站内搜索";
    search_results: "Search results", "搜索结果";
    search_all: "All results", "全部结果";
    search_finder: "Browse the objection finder", "到异议速查中查找";
    search_did_you_mean: "Did you mean: ", "您是不是要找：";
    review_by: "Review by", "复核日期";
    tags: "Tags", "标签";
    nothing_yet: "Nothing here yet.", "暂无内容。";
    start_practice: "Practise with role-plays", "用角色扮演练习";
    at_a_glance: "At a glance", "一览";
    stage_of: "Stage {n} of {total}", "第 {n} 阶段，共 {total} 个";
    in_file: "in", "位于";
    funnel: "Funnel", "销售漏斗";
    funnel_lead: "How many opportunities each stage needs to reach a revenue target, from the share that moves on from each stage.", "根据每个阶段进入下一阶段的比例，从业绩目标倒推每个阶段需要多少商机。";
    open_funnel: "Funnel and calculator", "漏斗与计算器";
    conversion: "Conversion to the next stage", "进入下一阶段的转化率";
    conversion_short: "Conversion", "转化率";
    days: "Typical days in this stage", "本阶段通常停留天数";
    days_short: "Days", "天数";
    stall_after: "Stalled after", "超过即停滞";
    days_unit: "days", "天";
    svg_conversion: "{p}% move on", "{p}% 进入下一阶段";
    svg_days: "{n} days", "{n} 天";
    svg_sep: " · ", " · ";
    calculator: "Work back from a revenue target", "从业绩目标倒推";
    target: "Revenue target", "业绩目标";
    deal_size: "Average deal size", "平均成交金额";
    calculate: "Calculate", "计算";
    need: "Opportunities needed", "所需商机数";
    win_rate_from: "Win rate from here", "从本阶段起的赢单率";
    win_rate: "Win rate from the first stage", "从第一阶段起的赢单率";
    cycle_time: "Sales cycle", "销售周期";
    calc_result: "Target {target} at a deal size of {deal}: {won} deals to win.", "业绩目标 {target}，平均成交金额 {deal}：需要赢单 {won} 个。";
    calc_invalid: "Enter the target and the deal size as positive numbers, such as 1000000.", "请把业绩目标和平均成交金额填写为正数，例如 1000000。";
    calc_too_large: "These numbers are too large to work out.", "数字太大，无法计算。";
    calc_enter: "Enter a target and a deal size to see the opportunities each stage needs.", "填写业绩目标和平均成交金额，即可看到每个阶段所需的商机数。";
    funnel_incomplete: "Some stages have no conversion yet, so the opportunities needed cannot be worked back:", "以下阶段还没有填写转化率，因此无法倒推所需商机数：";
    list_sep: "; ", "、";
    review_sheet: "Deal review sheet", "商机评审表";
    review_lead: "Ask about the deal, not the person: tick an exit criterion only when you have seen the evidence.", "问商机，不问人：只有见到证据的退出标准才打勾。";
    deal_name: "Deal", "商机名称";
    review_date: "Review date", "评审日期";
    review_questions: "Questions to ask", "评审提问";
    review_notes: "Notes and evidence", "备注与证据";
    review_stored: "Ticks and notes are kept in this browser for each deal name.", "勾选和备注按商机名称保存在本浏览器中。";
    review_status: "The facts support stage {n} of {total}: {title}.", "事实支持到第 {n} 阶段（共 {total} 个）：{title}。";
    review_none: "The facts do not support the first stage yet.", "事实还不足以支持第一阶段。";
    review_missing: "Missing for stage {n}: {items}.", "第 {n} 阶段还缺：{items}。";
    review_all: "Every exit criterion is met.", "所有退出标准均已满足。";
    print: "Print", "打印";
    funnel_of: "Funnel: {title}", "销售漏斗：{title}";
    in_currency: "{label} ({currency})", "{label}（{currency}）";
    colon: ": ", "：";
    paren_open: " (", "（";
    paren_close: ")", "）";
    score_line: "{score}: {p}% — {verdict} ({pass}%)", "{score}：{p}%——{verdict}（{pass}%）";
    updated: "Updated", "更新于";
    uncommitted: "uncommitted", "未提交";
    changes: "Recent changes", "最近更新";
    changes_lead: "Each entry at its last change in Git, newest first.", "每个条目最近一次在 Git 中的修改，最新的在前。";
    changes_none: "No changes known: the playbook is not in a Git repository.", "没有修改记录：销售手册不在 Git 仓库中。";
    changes_cut: "The latest {n} of {total} changes.", "共 {total} 条修改，显示最近 {n} 条。";
    changes_feed: "Follow in a feed reader (Atom)", "用订阅阅读器关注（Atom）";
    change_date: "Date", "日期";
    change_entry: "Entry", "条目";
    change_kind: "Kind", "类型";
    change_subject: "Change", "修改说明";
    updated_badge: "Updated", "已更新";
    restudy: "Changed since you studied it", "学习后有更新，请重新学习";
    updates_one: "1 update since your last visit", "自上次访问以来有 1 处更新";
    updates_many: "{n} updates since your last visit", "自上次访问以来有 {n} 处更新";
    finder_more: "Show more", "显示更多";
    finder_all_pages: "Every objection, page by page", "逐页查看全部异议";
    finder_page_of: "Objections, page {n} of {total}", "异议列表：第 {n} 页，共 {total} 页";
    finder_pick: "Type a name, then pick it from the list", "输入名称，然后从列表中选择";
    finder_unknown: "Nothing is called “{id}”.", "没有名为“{id}”的条目。";
    shown_of: "{shown} of {total}", "共 {total} 项，显示 {shown} 项";
    see_all_n: "See all {total}", "查看全部 {total} 项";
    pages: "Pages", "分页";
    page_n: "Page {n} of {total}", "第 {n} 页，共 {total} 页";
    previous_page: "Previous page", "上一页";
    next_page: "Next page", "下一页";
    no_selling_points_here: "No objection names this stage, so no segment is involved: add `stages:` to the objections met here to see their segments' selling points.", "没有异议关联到这个阶段，因此没有涉及的客户细分：在本阶段会遇到的异议中加上 `stages:`，即可看到相应客户细分的卖点。";
    motions: "Motions", "销售流程";
    all_motions: "All motions", "全部销售流程";
    coverage_summary: "Coverage by motion", "各销售流程的覆盖情况";
    stages_without_objections: "Stages without objections", "没有异议的阶段";
    worst_gaps: "Motions with the most stages without objections", "没有异议的阶段最多的销售流程";
    warnings_shown: "The first {n} of {total} warnings.", "共 {total} 条警告，显示前 {n} 条。";
    all_warnings: "All warnings", "全部警告";
    describe_overview: "The sales playbook at a glance: each motion stage by stage, with the objections, selling points and role-plays that go with it.", "销售手册一览：每个销售流程逐个阶段展开，附相应的异议、卖点和角色扮演。";
    describe_motions: "Every sales motion of the playbook, each with its stages, funnel and calculator.", "销售手册中的全部销售流程，各附阶段、销售漏斗与计算器。";
    describe_warnings: "Every warning check found in the playbook: the gaps still to fill.", "检查在销售手册中发现的全部警告：仍需补齐的内容。";
    describe_matrix: "Every selling point, with the customer segments it is for.", "全部卖点及其适用的客户细分。";
    describe_roleplays: "Role-plays to practise the sale: a scenario, questions and a score for each.", "练习销售的角色扮演：每个都有情景、问题和得分。";
    describe_segments: "The customer segments the playbook sells to, and how to recognise them.", "销售手册面向的客户细分，以及如何识别它们。";
    describe_personas: "The people met in a sale: their buying role and what they care about.", "销售中会接触到的客户角色：购买角色与关注点。";
    describe_coverage: "Which objections cover each stage for each segment, and the gaps still to fill.", "每个阶段、每个客户细分下有哪些异议应答，以及仍需补齐的缺口。";
    describe_drill: "Flashcards of what customers say, to practise answering objections aloud.", "用客户常说的话做成的闪卡，练习脱稿应对异议。";
    describe_search: "Search the whole playbook: objections, selling points, stages, role-plays and more.", "搜索整本销售手册：异议、卖点、阶段、角色扮演等。";
    describe_changes: "The latest changes to the playbook's entries, newest first.", "销售手册条目的最近更新，最新的在前。";
    describe_finder: "Find the answer to what the customer said: every objection, by stage, segment and persona.", "查找客户原话的应答：全部异议，可按阶段、客户细分和客户角色筛选。";
    describe_paths: "Learning paths: study the playbook step by step, drill the answers, then pass the role-play.", "学习路径：逐步学习销售手册，演练应答，最后通过角色扮演。";
    describe_funnel: "The funnel of {title}: how many opportunities each stage needs to reach a revenue target.", "{title}的销售漏斗：达成业绩目标每个阶段需要多少商机。";
    describe_review: "The deal review sheet of {title}: the exit criteria of each stage, ticked on evidence.", "{title}的商机评审表：逐个阶段核对退出标准，见到证据才打勾。";
    describe_coverage_motion: "Coverage of {title}: which objections cover each of its stages for each segment.", "{title}的覆盖情况：每个阶段、每个客户细分下有哪些异议应答。";
    describe_related: "{heading}: {title}, the full list of {total}.", "{title}：{heading}，共 {total} 项的完整列表。";
    describe_entry: "{kind}: {title}", "{kind}：{title}";
    describe_page_n: "{description} Page {n} of {total}.", "{description}第 {n} 页，共 {total} 页。";
    list_comma: ", ", "、";
}

impl Lang {
    /// The UI strings of this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }
}

/// The label of a buying role (`economic-buyer` → "Economic buyer"); an unknown role is shown as written.
pub fn role(lang: Lang, role: &str) -> String {
    let t = lang.strings();
    match role {
        "economic-buyer" => t.role_economic_buyer,
        "user-buyer" => t.role_user_buyer,
        "technical-buyer" => t.role_technical_buyer,
        "coach" => t.role_coach,
        "influencer" => t.role_influencer,
        "insider" => t.role_insider,
        other => other,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_for_zh_tags_only() {
        assert_eq!(Lang::for_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::for_tag("zh"), Lang::Zh);
        assert_eq!(Lang::for_tag("en-GB"), Lang::En);
        assert_eq!(Lang::for_tag("de"), Lang::En);
    }

    #[test]
    fn every_string_is_translated() {
        for t in [&EN, &ZH] {
            assert!(t.all().iter().all(|s| !s.is_empty()));
        }
    }

    #[test]
    fn roles_have_labels_and_unknown_roles_show_as_written() {
        assert_eq!(role(Lang::En, "economic-buyer"), "Economic buyer");
        assert_eq!(role(Lang::Zh, "technical-buyer"), "技术决策者");
        assert_eq!(role(Lang::Zh, "unknown-role"), "unknown-role");
        for r in crate::content::ROLES {
            assert_ne!(role(Lang::En, r), *r, "{r} has no label");
        }
    }

    #[test]
    fn keys_name_fields() {
        assert_eq!(EN.by_key("selling_points"), Some("Selling points"));
        assert_eq!(ZH.by_key("roleplays"), Some("角色扮演"));
        assert_eq!(EN.by_key("no_such_key"), None);
    }
}
