//! The one typed string catalogue. Every user-visible string is a [`Text`] key with both
//! translations written side by side, so a missing translation is a compile error, not a blank.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub mod feedback;
pub mod patrol;
pub mod policy;
pub mod refusal;
pub mod renovation;
pub mod rules;

pub use refusal::{violation_text, violation_words};

/// The languages the UI speaks. zh-CN is the default: the office works in Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Every language, in the order the language picker lists them.
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// The BCP 47 tag, for `<html lang>` and the language picker's values.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Parses a BCP 47 tag written by [`Lang::tag`].
    pub fn from_tag(tag: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.tag() == tag)
    }

    /// The language's own name, which is the same whatever the current UI language is.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::ZhCn => "简体中文",
            Lang::En => "English",
        }
    }
}

macro_rules! catalogue {
    ($($key:ident => $zh:literal, $en:literal;)+) => {
        /// A key of the string catalogue.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Text { $($key,)+ }

        impl Text {
            /// Every key, so tests can check the whole catalogue.
            pub const ALL: &'static [Text] = &[$(Text::$key,)+];

            /// The string in `lang`.
            pub fn in_lang(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Text::$key, Lang::ZhCn) => $zh, (Text::$key, Lang::En) => $en,)+
                }
            }
        }
    };
}

catalogue! {
    AppName => "物业客服台", "Estate Desk";
    SkipToContent => "跳到正文", "Skip to content";
    MainNavigation => "主导航", "Main navigation";
    NavDashboard => "工作台", "Dashboard";
    NavRenovations => "二次装修", "Renovations";
    NavFeedback => "投诉与建议", "Feedback";
    NavPatrols => "巡视检查", "Patrols";
    NavTickets => "工单", "Tickets";
    NavReports => "月度报表", "Reports";
    NavSync => "数据同步", "Sync";
    NavSettings => "设置", "Settings";
    NotFoundTitle => "找不到该页面", "Page not found";
    NotFoundBody => "这个地址没有对应的页面。请检查链接，或返回工作台。",
        "There is no page at this address. Check the link, or go back to the dashboard.";
    BackToDashboard => "返回工作台", "Back to the dashboard";
    DeviceSetupTitle => "设置本设备", "Set up this device";
    DeviceSetupIntro => "请填写使用这台设备的人员、岗位和界面语言。以后可在“设置”中修改。",
        "Tell us who uses this device, their role and the language. You can change this later in Settings.";
    PersonName => "使用人姓名", "Name of the person using this device";
    RoleLabel => "岗位", "Role";
    LanguageLabel => "语言", "Language";
    SaveDeviceSetup => "保存", "Save";
    PersonNameRequired => "请填写使用人姓名。", "Enter the name of the person using this device.";
    DeviceSaved => "已保存。", "Saved.";
    StorageUnavailable => "无法保存设置：浏览器的本地存储不可用。", "Could not save the settings: the browser's local storage is unavailable.";
    RoleFrontDesk => "前台接待", "Front desk";
    RoleRenovationSupervisor => "装修主管", "Renovation supervisor";
    RoleInspector => "巡视员", "Inspector";
    RoleCsManager => "客户服务部经理", "CS manager";
    RoleDepartmentHead => "部门负责人", "Department head";
    CurrentUser => "当前使用人", "Current user";
    Offline => "离线", "Offline";
    OfflineHint => "当前离线：所有功能照常可用，数据保存在本设备。", "Offline: everything still works, and data is kept on this device.";
    UpdateAvailable => "有新版本可用", "New version available";
    ReloadToUpdate => "重新加载", "Reload";
    PanicTitle => "出错了", "Something went wrong";
    PanicBody => "程序遇到意外错误。已保存的数据不受影响。请复制下面的详情发给管理员，然后重新加载。",
        "The app hit an unexpected error. Data already saved is not affected. Copy the details below for the administrator, then reload.";
    PanicDetails => "错误详情", "Error details";
    Reload => "重新加载", "Reload";
    FeedbackIntakeTitle => "登记投诉或建议", "Record a complaint or suggestion";
    FeedbackListTitle => "投诉与建议记录", "Complaints and suggestions";
    FeedbackKindLabel => "类型", "Type";
    KindComplaint => "投诉", "Complaint";
    KindSuggestion => "建议", "Suggestion";
    ResidentName => "姓名", "Name";
    Building => "楼栋", "Building";
    UnitLabel => "单元", "Unit";
    Room => "房号", "Room";
    Phone => "电话", "Phone";
    ChannelLabel => "渠道", "Channel";
    ChannelPhone => "电话", "Phone";
    ChannelVisit => "来访", "Visit";
    ChannelOtherDepartment => "其他部门转来", "Other department";
    ChannelPatrol => "巡视发现", "Patrol";
    WhatHappened => "事情经过", "What happened";
    Acknowledged => "已代表公司致歉（投诉）或致谢（建议）", "Apologised (complaint) or thanked (suggestion) on behalf of the company";
    RecordFeedback => "登记", "Record";
    FeedbackRecorded => "已登记。", "Recorded.";
    RefusedTitle => "不能保存，原因如下：", "Not saved, because:";
    NoFeedbackYet => "还没有记录。", "Nothing recorded yet.";
    NeedsReview => "待复核", "Needs review";
    StatusLabel => "状态", "Status";
    RuleReferenceLabel => "规则 {rule}：查看条文", "Rule {rule}: read it";
    ViolationMissing => "缺少：{item}", "Missing: {item}";
    ViolationWrongRole => "当前岗位无权执行此操作", "Your role may not do this";
    ViolationWrongState => "当前状态下不能执行此操作", "Not possible in the current state";
    ViolationStepPending => "需先完成：{step}", "First complete: {step}";
    StorageTitle => "本地存储", "Local storage";
    StoragePersisted => "持久存储", "Persistent storage";
    Yes => "是", "Yes";
    No => "否", "No";
    StorageUsage => "已用空间", "Space used";
    StorageUnknown => "浏览器未提供", "Not reported by the browser";
    RebuildProjections => "从事件重建列表数据", "Rebuild lists from events";
    RebuildDone => "已重建列表数据，条数：", "Lists rebuilt; records:";
    FeedbackReceived => "已登记", "Received";
    FeedbackClassified => "已分类", "Classified";
    FeedbackForwarded => "已转部门", "Forwarded";
    FeedbackInDepartment => "部门处理中", "In the department";
    FeedbackHandled => "已处理，待回访", "Handled, follow-up due";
    FeedbackFollowedUp => "已回访", "Followed up";
    FeedbackClosed => "已结案", "Closed";
    ExportTitle => "导出数据包", "Export a bundle";
    ExportIntro => "把本设备的全部记录和照片导出为一个文件，交给另一台设备导入。文件含身份证复印件和电话，请妥善保管。",
        "Export every record and photo of this device as one file for another device to import. It holds ID copies and phone numbers: keep it safe.";
    ExportFull => "导出全部数据", "Export everything";
    ExportDone => "已导出，记录数：", "Exported; events:";
    ImportTitle => "导入数据包", "Import a bundle";
    ChooseBundle => "选择数据包文件", "Choose a bundle file";
    ImportPreviewTitle => "导入预览", "Import preview";
    KindColumn => "类别", "Kind";
    CasesColumn => "涉及案件", "Cases";
    NewColumn => "新增记录", "New records";
    PresentColumn => "已有记录", "Records already here";
    ConflictColumn => "冲突待复核", "Conflicts for review";
    PhotosExpected => "照片：引用", "Photos referenced:";
    PhotosPresent => "其中可用", "of which present:";
    ConfirmImport => "确认导入", "Import";
    ImportDone => "导入完成", "Import finished";
    ImportedCount => "导入记录", "Events imported";
    SkippedCount => "已存在而跳过", "Already here, skipped";
    ConflictCount => "冲突待复核", "Conflicts for review";
    PhotosStored => "新存照片", "Photos stored";
    BundleRefused => "数据包未导入，数据库没有任何改动。原因：", "The bundle was not imported and nothing was changed, because:";
    ReadingFile => "正在读取和校验文件…", "Reading and checking the file…";
    CheckingRecords => "正在校验记录和照片", "Checking events and photos";
    CheckProgressLabel => "校验进度", "Check progress";
    Importing => "正在导入，请勿关闭页面…", "Importing; keep this page open…";
    KindRenovation => "二次装修", "Renovation";
    KindFeedback => "投诉与建议", "Feedback";
    KindPatrol => "巡视", "Patrol";
    KindRectification => "整改", "Rectification";
    KindStaff => "员工档案", "Staff profiles";
    KindDevice => "设备登记", "Device enrolments";
    KindPolicy => "办公室规定", "Office policy";
    KindCalendar => "工作日历", "Working calendar";
    ChangesNotExported => "项更改尚未导出", "changes not yet exported";
    AllExported => "所有更改均已导出", "Everything is exported";
    SyncServerTitle => "同步服务器", "Sync server";
    SyncServerIntro => "连上网络时，本设备通过 CouchDB 服务器与其他设备自动同步。未配置服务器时，仍用数据包同步。", "When a network is there, this device syncs with the others through a CouchDB server. Without a server, bundles still work.";
    SyncServerUrl => "服务器地址", "Server address";
    SyncServerDatabase => "数据库（每个管理处一个）", "Database (one per office)";
    SyncServerUser => "CouchDB 用户名", "CouchDB user";
    SyncServerPassword => "密码", "Password";
    SyncServerPasswordKept => "密码已加密保存在本设备；留空则沿用。", "The password is kept encrypted on this device; leave blank to keep it.";
    SyncServerHttpsOnly => "只允许 HTTPS 地址（本机 localhost 除外）。", "Only HTTPS addresses are allowed (except localhost).";
    SyncServerIncomplete => "请填写服务器地址、数据库、用户名和密码。", "Fill in the server address, database, user and password.";
    SyncTestConnection => "测试连接", "Test the connection";
    SyncStart => "开始同步", "Start sync";
    SyncPause => "暂停同步", "Pause sync";
    SyncStop => "停止同步", "Stop sync";
    SyncConnectionOk => "连接成功，服务器上有 {count} 份文档。", "Connected: the server holds {count} documents.";
    SyncConnectionFailed => "连接失败：{reason}", "Connection failed: {reason}";
    SyncPhaseOff => "同步服务器：未开启", "Sync server: off";
    SyncPhasePaused => "同步已暂停", "Sync paused";
    SyncPhaseConnecting => "正在连接同步服务器…", "Connecting to the sync server…";
    SyncPhaseSyncing => "正在同步 {done}/{total}", "Syncing {done}/{total}";
    SyncPhaseConnected => "已连接同步服务器", "Connected to the sync server";
    SyncPhaseOffline => "同步服务器离线，稍后自动重试", "Sync server offline; retrying by itself";
    SyncPhaseSignIn => "同步服务器拒绝登录：请管理员在设置中重新输入密码", "The sync server refused the sign-in: the administrator must enter the password again in Settings";
    SyncPhaseError => "同步出错：{reason}", "Sync error: {reason}";
    SyncLastAt => "上次同步", "Last sync";
    SyncRefusedTitle => "同步拒收的文档", "Documents the sync refused";
    SyncRefusedNone => "没有被拒收的文档。", "No document was refused.";
    SyncStartedOver => "服务器的同步记录与本设备不一致（可能从旧备份恢复），已从头重新同步。", "The server's checkpoint disagreed with this device's (restored from an old backup?): sync started again from the beginning.";
    LastExport => "上次导出", "Last export";
    NeverExported => "从未导出", "Never exported";
    MinutesAgo => "分钟前", "minutes ago";
    HoursAgo => "小时前", "hours ago";
    DaysAgo => "天前", "days ago";
    JustNow => "刚刚", "just now";
    ExportPassphrase => "加密口令（推荐；至少 8 个字符，导入时需要）", "Passphrase (recommended; at least 8 characters, needed to import)";
    ExportPassphraseHint => "数据包含住户个人信息和员工 PIN 摘要：不加密时，拿到文件的人都能读取。请设置口令，并当面或电话告知对方。", "The bundle holds residents' personal data and staff PIN hashes: unencrypted, anyone with the file can read them. Set a passphrase and tell it in person or by phone.";
    ExportedUnencrypted => "注意：此文件未加密，请妥善保管", "Note: this file is not encrypted; keep it safe";
    PassphraseTooShort => "口令至少需要 8 个字符。", "The passphrase needs at least 8 characters.";
    ImportPassphrase => "此数据包已加密，请输入口令", "This bundle is encrypted: enter its passphrase";
    Decrypt => "解密并预览", "Decrypt and preview";
    WrongPassphrase => "口令不正确，或文件已被改动。", "Wrong passphrase, or the file was changed.";
    EncryptionUnavailable => "此浏览器无法加密或解密（需要 HTTPS 或本机地址）。", "This browser cannot encrypt or decrypt here (HTTPS or localhost is needed).";
    ExportPeer => "导出给（对方设备或人员名称；留空则导出全部，填写则只导出上次给对方之后的更改）",
        "Export for (the other device or person; empty exports everything, a name exports only what changed since the last export to them)";
    DropHint => "也可以把数据包文件拖放到这里。", "You can also drop a bundle file here.";
    OpeningDatabase => "正在打开本地数据…", "Opening local data…";
    OpeningProgressLabel => "打开进度", "Opening progress";
    LoadingRecords => "正在载入记录", "Loading records";
    StoreQuotaExceeded => "设备存储空间已满，本次操作没有保存，已有数据完好。请先导出数据包，再清理空间后重试。",
        "This device's storage is full. This action was not saved; data already stored is intact. Export a bundle first, then free some space and try again.";
    StoreClosedByAnotherTab => "本应用已在另一个标签页中更新。请重新加载此页面后继续。",
        "Estate Desk was updated in another tab. Reload this page to continue.";
    StoreUnavailable => "无法打开本地数据库（可能处于无痕模式或浏览器禁用了存储）。",
        "The local database could not be opened (private browsing, or storage is disabled in this browser).";
    StoreRecordUnreadable => "有一条已保存的记录无法读取，可能来自更新版本的应用。请更新应用。",
        "A stored record could not be read; it may come from a newer version of the app. Update the app.";
    StoreFailed => "保存失败，本次操作没有保存，已有数据完好。", "Saving failed. This action was not saved; data already stored is intact.";
    RenStatusNew => "未开始", "Not opened";
    RenStatusDraft => "申请中", "Application in progress";
    RenStatusSubmitted => "待审图", "Drawings under review";
    RenStatusRejected => "已退回", "Returned with reasons";
    RenStatusApproved => "已批准", "Approved";
    RenStatusUnderConstruction => "施工中", "Under construction";
    RenStatusAcceptanceRequested => "待验收", "Acceptance requested";
    RenStatusAccepted => "已验收，待退款", "Accepted, refund due";
    RenStatusRefunded => "已退款", "Refunded";
    RenStatusClosed => "已结案", "Closed";
    DocResidentPhotos => "住户照片（3张）", "Resident photos (3)";
    DocIdCopy => "身份证复印件", "ID card copy";
    DocResidentForm => "《住户基本资料》", "Resident file form";
    DocApplicationForm => "《装修申请审批表》", "Application form";
    DocFloorPlan => "装修平面图", "Floor plan";
    DocElevationPlan => "装修立面图", "Elevation plan";
    DocElectricalPlan => "电气平面图", "Electrical plan";
    DocSystemDiagram => "系统图", "System diagram";
    DocPlumbingPlan => "给排水平面图", "Plumbing plan";
    DocGasPipePlan => "燃气管图", "Gas pipe plan";
    DocContractorLicence => "营业执照复印件", "Business licence copy";
    DocContractorQualification => "资质证书复印件", "Qualification certificate copy";
    DocFireApproval => "消防审批意见书", "Fire bureau approval";
    DocFirePlan => "消防平面图", "Fire plan";
    DocEnvironmentalApproval => "环保部门审批", "Environmental approval";
    DocGasUseApproval => "燃气使用审批文件", "Gas use approval";
    DeclaredWiring => "改动电气线路", "Wiring changes";
    DeclaredPlumbing => "改动给排水", "Plumbing changes";
    DeclaredGasPipes => "改动燃气管道", "Gas pipe changes";
    DeclaredHotWork => "动火作业（电焊、切割）", "Hot work (welding, cutting)";
    DeclaredEmissions => "产生三废（废水、废气、废渣）", "Waste water, gas or solids (三废)";
    DeclaredGasUse => "燃气使用需审批", "Gas use needing approval";
    ItemRenovationDeposit => "装修保证金", "Renovation deposit";
    ItemMaintenanceFee => "维护费", "Maintenance fee";
    ItemPassCardCost => "施工证工本费", "Pass card cost";
    ItemPassCardDeposit => "施工证押金", "Pass card deposit";
    ItemPermitCost => "施工许可证工本费", "Permit cost";
    ItemLostPassDeduction => "遗失施工证扣款", "Lost pass deduction";
    ItemLostPermitDeduction => "遗失许可证扣款", "Lost permit deduction";
    ItemViolationDeduction => "违规扣款", "Violation deduction";
    EntryCharge => "收费", "Charge";
    EntryRefund => "退款", "Refund";
    EntryDeduction => "扣款", "Deduction";
    PayerContractor => "施工单位", "Contractor";
    PayerOwner => "业主", "Owner";
    DeadlineDrawingReview => "审图", "Drawing review";
    DeadlineRefundTarget => "退款目标（{days}个工作日）", "Refund target ({days} working days)";
    DeadlineRefundLimit => "退款期限（{days}个工作日）", "Refund limit ({days} working days)";
    DeadlineFeedbackReply => "{hours}小时回复", "{hours}-hour reply";
    DeadlineAgreedReply => "约定回复", "Agreed reply";
    DeadlineFollowUpVisit => "回访", "Follow-up visit";
    DeadlineDepartmentCompletion => "部门完成", "Department completion";
    DeadlineRectification => "整改", "Rectification";
    TimeLeft => "剩余", "left";
    OverdueBy => "已逾期", "overdue by";
    DaysUnit => "天", "d";
    HoursUnit => "小时", "h";
    MinutesUnit => "分钟", "min";
    DueAt => "到期", "Due";
    NewApplication => "新建装修申请", "New application";
    AllStatuses => "全部状态", "All statuses";
    AllBuildings => "全部楼栋", "All buildings";
    ContractorLabel => "施工单位", "Contractor";
    AllContractors => "全部施工单位", "All contractors";
    OverdueOnly => "只看逾期", "Overdue only";
    SearchCases => "搜索编号、房号、姓名或电话", "Search number, unit, name or phone";
    CasesShown => "显示案件", "Cases shown";
    NoRenovationsYet => "还没有装修案件。", "No renovation cases yet.";
    NoMatches => "没有符合条件的案件。", "No case matches.";
    Owed => "欠款", "Owed";
    Refundable => "可退", "Refundable";
    RenovationListLabel => "装修案件列表", "Renovation cases";
    NextDeadline => "下一期限", "Next deadline";
    NewApplicationTitle => "新建装修申请", "New renovation application";
    StepUnitResident => "1. 房屋与住户", "1. Unit and resident";
    StepContractor => "2. 施工单位", "2. Contractor";
    StepDeclaredChanges => "3. 申报的改动（决定需要的图纸和审批）", "3. Declared changes (they decide the drawings and approvals needed)";
    OccupancyLabel => "身份", "Occupancy";
    OccupancyOwner => "业主", "Owner";
    OccupancyTenant => "租户", "Tenant";
    CommercialUnit => "商业单元", "Commercial unit";
    ContractorName => "施工单位名称", "Contractor name";
    ContractorPhone => "施工单位电话", "Contractor phone";
    CreateApplication => "创建申请，进入材料清单", "Create, then open the checklist";
    Saved => "已保存。", "Saved.";
    CaseNotFound => "找不到这个装修案件。", "This renovation case was not found.";
    BackToList => "返回装修列表", "Back to renovations";
    ResidentLabel => "住户", "Resident";
    DeadlinesTitle => "期限", "Deadlines";
    RejectedReasons => "审图未通过，原因：", "The drawings were rejected:";
    ChecklistTitle => "申请材料清单", "Application checklist";
    RequiredBy => "依据", "Rule";
    ReceivedCopies => "已收", "Received";
    DocumentComplete => "齐全", "Complete";
    DocumentMissing => "缺", "Missing";
    ReceivedOnPaper => "收到纸质件", "Received on paper";
    CompanySeal => "盖有公章", "Company seal";
    AttachScan => "拍照或上传", "Photo or scan";
    SaveDeclared => "保存申报的改动", "Save declared changes";
    SaveContractor => "保存施工单位", "Save the contractor";
    SubmitForReview => "提交审图", "Submit for review";
    ReviewTitle => "图纸审核（装修主管）", "Drawing review (supervisor)";
    PointStructure => "对结构的影响", "Effect on the structure";
    PointPlumbingGas => "给排水和燃气的改动", "Plumbing and gas changes";
    PointPowerLowVoltage => "强弱电系统的改动", "Power and low-voltage changes";
    PointFacade => "对外立面的影响", "Effect on the facade";
    PointPass => "通过", "Pass";
    PointFail => "不通过", "Fail";
    RemarkLabel => "备注", "Remark";
    RecordReview => "提交审核结果", "Record the review";
    FeesTitle => "收费与证件", "Fees and permits";
    PassCardsLabel => "施工证张数（每位工人一张）", "Pass cards (one per worker)";
    PermitsLabel => "施工许可证张数", "Permits";
    CollectFees => "确认收费", "Collect the fees";
    TotalLabel => "合计", "Total";
    PermitNumber => "施工许可证编号", "Permit number";
    IssuePermit => "发放施工许可证", "Issue the permit";
    PassesToIssue => "发放出入证张数", "Passes to issue";
    IssuePasses => "发放出入证", "Issue the passes";
    HotWorkPermitNumber => "动火许可证编号", "Hot-work permit number";
    IssueHotWorkPermit => "发放动火许可证", "Issue the hot-work permit";
    SignAgreement => "记录已签署装修管理协议", "Record the signed agreement";
    AgreementLabel => "装修管理协议", "Renovation management agreement";
    StartConstruction => "开始施工", "Start construction";
    PrintReceipt => "打印收据", "Print the receipt";
    PrintPermit => "打印许可证和出入证", "Print the permit and passes";
    PrintApplication => "打印申请表", "Print the application form";
    PrintAcceptance => "打印验收单", "Print the acceptance form";
    PermitLabel => "施工许可证", "Construction permit";
    PassesLabel => "出入证", "Worker passes";
    HotWorkLabel => "动火许可证", "Hot-work permit";
    FeesCollectedStep => "收费", "Fees collected";
    ConstructionTitle => "施工", "Construction";
    PassNumberLabel => "编号", "No.";
    PassOut => "在用", "Out";
    PassReturnedState => "已归还", "Returned";
    PassLostState => "已遗失", "Lost";
    MarkReturned => "归还", "Returned";
    MarkLost => "遗失", "Lost";
    PermitLostAction => "许可证遗失", "Permit lost";
    PatrolHistory => "巡视记录", "Patrol history";
    NoPatrols => "还没有巡视记录。", "No patrols yet.";
    OpenTickets => "未关闭的整改单", "Open rectification tickets";
    NoOpenTickets => "没有未关闭的整改单。", "No open tickets.";
    OpenDefects => "验收缺陷", "Acceptance defects";
    RequestAcceptance => "申请验收", "Request acceptance";
    ScheduleAcceptance => "安排验收", "Schedule the acceptance";
    AcceptanceTime => "验收时间", "Acceptance time";
    ScheduledFor => "已安排验收：", "Acceptance scheduled for";
    AcceptanceResult => "验收结果", "Result";
    AcceptancePassed => "验收合格", "Passed";
    AcceptanceFailed => "验收不合格", "Failed";
    DefectsLabel => "缺陷（每行一项）", "Defects (one per line)";
    RecordAcceptance => "提交验收结果", "Record the acceptance";
    RefundTitle => "押金退还", "Deposit refund";
    DepositPaid => "已交保证金", "Deposit paid";
    DeductionsLabel => "扣款", "Deductions";
    ReturnedCardDeposits => "归还施工证押金", "Returned pass deposits";
    AlreadyRefunded => "已退", "Already refunded";
    RefundableNow => "应退", "Refundable now";
    StillOwed => "仍欠", "Still owed";
    PayRefund => "记录已退款", "Record the refund paid";
    ShowWholeTimeline => "显示全部 {count} 条记录", "Show all {count} entries";
    NewApplicationNotForRole => "新的装修申请由前台接待或装修主管登记。当前岗位不能登记；如您兼任这些岗位，请在“设置”中切换。",
        "New renovation applications are filed by the front desk or the renovation supervisor. This role cannot file one; if you also hold one of those roles, switch in Settings.";
    StatusStripLabel => "案件概况", "Where the case stands";
    StateNow => "当前状态", "State";
    ActsNext => "下一步由", "Next to act";
    DueNext => "期限", "Due";
    NoDeadline => "暂无期限", "No deadline now";
    NobodyActsNext => "无需再办理", "Nothing left to do";
    ThatIsYou => "（您）", " (you)";
    CloseCase => "结案", "Close the case";
    ClosingReasonLabel => "结案原因", "Why the case is closed";
    ConfirmStepTitle => "请确认", "Please confirm";
    CannotBeUndone => "此操作不能撤销。", "This cannot be undone.";
    ConfirmPrefix => "确认", "Confirm: ";
    CancelStep => "取消", "Cancel";
    CloseConsequence => "结案后不能撤销，本案不能再办理任何事项。", "Once closed, the case cannot be reopened or changed.";
    LostPassConsequence => "将从押金中扣除遗失出入证费用 {amount}，不能撤销。", "{amount} for the lost pass is deducted from the deposit; this cannot be undone.";
    LostPermitConsequence => "将从业主押金中扣除遗失许可证费用 {amount}，不能撤销。", "{amount} for the lost permit is deducted from the owner's deposit; this cannot be undone.";
    WithdrawConsequence => "撤回后申请不能恢复，押金按规定退还。", "A withdrawn application cannot be restored; the deposits are refunded as the rules say.";
    LedgerTitle => "费用台账", "Ledger";
    AmountLabel => "金额", "Amount";
    ItemLabel => "项目", "Item";
    PayerLabel => "付款方", "Payer";
    RecordedBy => "经办", "Recorded by";
    WhenLabel => "时间", "When";
    NoLedger => "还没有费用记录。", "Nothing charged yet.";
    TimelineTitle => "经过", "Timeline";
    TlOpened => "登记申请", "Application opened";
    TlContractorSet => "登记施工单位", "Contractor recorded";
    TlChangesDeclared => "申报改动", "Changes declared";
    TlDocumentReceived => "收到材料", "Document received";
    TlPaperUnmarked => "撤销误登记的纸质件", "Paper copy marked by mistake, undone";
    TlSubmitted => "提交审图", "Submitted for review";
    TlFeesCharged => "收费", "Fees collected";
    TlPermitIssued => "发放施工许可证", "Permit issued";
    TlPassesIssued => "发放出入证", "Passes issued";
    TlHotWorkPermitIssued => "发放动火许可证", "Hot-work permit issued";
    TlAgreementSigned => "签署装修管理协议", "Agreement signed";
    TlReviewApproved => "审图通过", "Drawings approved";
    TlReviewRejected => "审图退回", "Drawings rejected";
    TlConstructionStarted => "开始施工", "Construction started";
    TlPassLost => "出入证遗失", "Pass lost";
    TlPermitLost => "许可证遗失", "Permit lost";
    TlPassReturned => "出入证归还", "Pass returned";
    TlViolationDeducted => "违规扣款", "Violation deduction";
    TlAcceptanceRequested => "申请验收", "Acceptance requested";
    TlAcceptanceScheduled => "安排验收", "Acceptance scheduled";
    TlAcceptancePassed => "验收合格", "Acceptance passed";
    TlAcceptanceFailed => "验收不合格", "Acceptance failed";
    TlRefundPaid => "退款", "Refund paid";
    TlClosed => "结案", "Case closed";
    TlFieldSet => "修改信息", "Details edited";
    PrintButton => "打印", "Print";
    OfficeNameLabel => "物业服务中心名称（打印时使用）", "Office name (printed on forms)";
    DefaultOfficeName => "物业服务中心", "Property Management Office";
    SaveOfficeName => "保存名称", "Save the name";
    ReceiptTitle => "收款收据", "Receipt";
    ApplicationFormTitle => "装修申请审批表", "Renovation application form";
    AcceptanceFormTitle => "装修验收单", "Renovation acceptance form";
    CaseNumber => "案件编号", "Case no.";
    DateLabel => "日期", "Date";
    WorkStarted => "开工日期", "Work started";
    ScanOnPatrol => "巡视时扫码打开案件", "Scan on patrol to open the case";
    SignatureLabel => "签字", "Signature";
    NothingToPrint => "无法打印：链接不完整或案件不存在。", "Nothing to print: the link is incomplete or the case does not exist.";
    ActionsTitle => "可办理的事项", "What can be done now";
    PaperCopies => "纸质件", "On paper";
    AttachedScans => "照片/扫描件", "Photos or scans";
    ConflictsTitle => "冲突复核", "Conflicts for review";
    ConflictFieldEdit => "两台设备同时修改了同一项", "Two devices changed the same field";
    ConflictInvalid => "合并后此操作不再符合规则：已暂存，未生效", "After the merge this step breaks a rule: it is held, not applied";
    SideInEffect => "现行", "In effect";
    SideHeld => "暂存", "Held";
    SideOther => "另一方", "Other side";
    KeepValue => "采用此值", "Keep this value";
    KeepCase => "维持现状（暂存的操作作废）", "Keep the case as it is (set the held step aside)";
    ApplyHeld => "改为执行暂存的操作", "Apply the held step instead";
    ReviewNotAllowed => "只有装修主管或客户服务部经理可以复核冲突。", "Only the renovation supervisor or the CS manager can settle conflicts.";
    NoConflicts => "没有待复核的冲突。", "No conflicts wait for review.";
    ImportNeedsMoreRoom => "设备存储空间已满：这个数据包放不下，没有导入，已有数据完好，仍可继续登记。请先导出数据包，再清理空间后重试。", "The device's storage is full: this bundle does not fit and was not imported. Nothing stored was touched, and you can go on recording. Export a bundle, free some space, then try again.";
    HeldMoneyTitle => "未计入台账的收付款", "Money handled but not in the ledger";
    HeldMoneyIntro => "以下操作与其他设备的记录冲突，已暂存待复核：钱款已经经手，但在复核选定该操作前不计入台账。", "These steps clashed with another device's records and are held for review: the money changed hands, but the ledger counts it only once a reviewer chooses the step.";
    HeldCollected => "已收 ", "taken ";
    HeldPaidOut => "已付 ", "paid ";
    ReviewConflicts => "去复核冲突", "Review the conflicts";
    TimelineHeld => "暂存待复核，未生效", "held for review, not in effect";
    TimelineSetAside => "复核时改选另一方，此操作作废，未生效", "set aside at review for the other side, not in effect";
    OpenReview => "去复核", "Review";
    ConflictsWaiting => "项冲突待复核", "conflicts wait for review";
    ReviewedKept => "复核：维持现状", "Reviewed: kept as it was";
    ReviewedApplied => "复核：执行暂存的操作", "Reviewed: the held step applied";
    FieldResidentPhone => "住户电话", "Resident phone";
    FieldNotes => "备注", "Notes";
    CaseDetailsTitle => "联系方式与备注", "Contacts and notes";
    SaveDetails => "保存修改", "Save changes";
    ExportReadingRecords => "正在读取记录…", "Reading records…";
    ExportReadingPhotos => "正在打包照片", "Packing photos";
    ExportPacking => "正在生成文件，记录数：", "Writing the file; events:";
    ExportSaving => "正在记录本次导出…", "Recording this export…";
    ExportProgressLabel => "导出进度", "Export progress";
    EraseTitle => "清除本设备数据", "Erase this device";
    EraseIntro => "在把设备交给他人或停用之前使用：删除本设备上的全部记录、照片和使用人设置。", "Use before handing the device over or retiring it: deletes every record, photo and the user setup on this device.";
    EraseStart => "清除本设备数据…", "Erase this device…";
    EraseLostWarning => "清除后，这些更改在任何地方都找不回来。请先到“数据同步”导出数据包。", "Once erased, these changes cannot be recovered anywhere. Export a bundle on the Sync page first.";
    EraseNothingLost => "所有更改均已导出：清除后，数据仍在已导出的数据包和其他设备中。", "Everything is exported: after erasing, the data remains in the exported bundles and on other devices.";
    EraseUnderstand => "我明白：本设备上的数据清除后无法恢复", "I understand that data erased from this device cannot be recovered";
    EraseConfirm => "永久清除", "Erase permanently";
    Cancel => "取消", "Cancel";
    ClassService => "1类：物业服务不到位", "Class 1: property service fell short";
    ClassBuildingQuality => "2类：开发商或房屋质量", "Class 2: developer or building quality";
    ClassExternal => "3类：外部或公共设施", "Class 3: external or public facilities";
    DeptCustomerService => "客户服务中心", "Customer service";
    DeptEngineering => "工程部", "Engineering";
    DeptSecurity => "保安部", "Security";
    DeptEnvironment => "环境部", "Environment";
    DeptAdministration => "行政部", "Administration";
    HappenedAt => "发生时间", "When it happened";
    SolvedOnSpotLabel => "当场已解决", "Solved on the spot";
    SolvedNote => "解决情况", "How it was solved";
    OpenCasesOfUnit => "该房屋未结的事项", "Open cases of this unit";
    KindFilter => "类型", "Type";
    AllKinds => "全部类型", "All types";
    TodaySuggestions => "今日建议（下班前交部门主管）", "Today's suggestions (for the department supervisor before end of shift)";
    NoSuggestionsToday => "今天还没有建议。", "No suggestions today.";
    Undecided => "待决定", "Not decided";
    AdoptedState => "已采纳", "Adopted";
    NotAdoptedState => "未采纳", "Not adopted";
    OwnerInformedState => "已告知业主", "Owner informed";
    FeedbackCaseNotFound => "找不到这条投诉或建议。", "This complaint or suggestion was not found.";
    BackToFeedback => "返回投诉与建议", "Back to feedback";
    VerifyTitle => "核实经过", "Verify the course of events";
    CourseOfEvents => "事情经过（核实后）", "Course of events (verified)";
    RecordVerify => "记录核实", "Record the verification";
    ClassifyTitle => "分类（客户服务部经理）", "Classification (CS manager)";
    ClassLabel => "类别", "Class";
    CauseLabel => "原因", "Cause";
    RecordClassify => "确认分类", "Classify";
    ForwardTitle => "转责任部门", "Forward to the responsible department";
    DepartmentLabel => "责任部门", "Department";
    ContentLabel => "投诉内容（详细、准确、客观）", "Complaint content (detailed, accurate, objective)";
    DemandLabel => "客户诉求", "Resident's demand";
    RecordForward => "转出", "Forward";
    DepartmentTicketTitle => "部门处理单", "Department ticket";
    MethodLabel => "处理方法", "Handling method";
    CompleteBy => "完成期限", "Complete by";
    SignedByLabel => "部门负责人签名", "Department head's signature";
    SignTicket => "签署处理单", "Sign the ticket";
    ProgressLabel => "进展", "Progress";
    RecordProgress => "记录进展", "Record progress";
    ResultLabel => "处理结果", "Result";
    MarkHandled => "处理完毕，交回客服", "Handled: back to customer service";
    ReplyTitle => "回复住户（收到后{hours}小时内）", "Reply to the resident (within {hours} hours of receipt)";
    ExplanationLabel => "解释与答复", "Explanation";
    RecordReply => "记录已回复", "Record the reply";
    AgreedReplyTitle => "无法按时处理：约定答复时间", "Cannot be handled in time: agree a reply time";
    ReplyBy => "约定答复时间", "Reply by";
    ResidentAgreed => "住户已同意", "The resident agreed";
    RecordAgreedReply => "记录约定", "Record the agreement";
    SeriousTitle => "严重投诉与上报", "Serious complaints and escalation";
    FlagSerious => "标记为严重投诉（需上门或电话致歉）", "Flag as serious (an apology visit or call is required)";
    ApologyHomeVisit => "已上门致歉", "Apologised by home visit";
    ApologyPhone => "已电话致歉", "Apologised by phone";
    EscalateTo => "上报给（直接上级）", "Escalate to (direct superior)";
    RecordEscalate => "记录上报", "Record the escalation";
    SuggestionTitle => "建议处理", "Suggestion decision";
    AdoptChoice => "采纳", "Adopt";
    NotAdoptChoice => "不采纳", "Do not adopt";
    ExplanationForOwner => "给业主的说明（不采纳时必填）", "Explanation for the owner (needed when not adopted)";
    RecordDecision => "记录决定并已告知业主", "Record the decision, the owner informed";
    FollowUpTitle => "回访（处理后{days}天内）", "Follow-up visit (within {days} days of handling)";
    SatisfiedChoice => "满意", "Satisfied";
    NotSatisfiedChoice => "不满意", "Not satisfied";
    OpinionLabel => "业主意见", "The resident's opinion";
    RecordFollowUp => "记录回访", "Record the follow-up";
    ReopenReason => "重新处理的原因", "Why it is reopened";
    ReopenCase => "重新处理", "Reopen";
    SpecialIncidentTitle => "特殊事件", "Special incident";
    ContainmentLabel => "控制措施", "Containment";
    ReportedToLabel => "已报告单位", "Reported to";
    RecordIncident => "记录特殊事件", "Record the incident";
    SeriousFlag => "严重投诉", "Serious";
    EscalatedFlag => "已上报", "Escalated";
    EngineeringNotifiedFlag => "已通知工程部", "Engineering notified";
    FbReceived => "登记", "Received";
    FbVerified => "核实", "Verified";
    FbSolvedOnSpot => "当场解决", "Solved on the spot";
    FbClassified => "分类", "Classified";
    FbForwarded => "转部门", "Forwarded";
    FbEngineeringNotified => "通知工程部", "Engineering notified";
    FbDepartmentAccepted => "部门签署处理单", "Department signed the ticket";
    FbProgressNoted => "进展", "Progress";
    FbHandled => "处理完毕", "Handled";
    FbReplyGiven => "已回复住户", "Replied to the resident";
    FbReplyTimeAgreed => "约定答复时间", "Reply time agreed";
    FbFlaggedSerious => "标记为严重投诉", "Flagged serious";
    FbApologyMade => "已致歉", "Apologised";
    FbEscalated => "上报", "Escalated";
    FbSpecialIncident => "特殊事件", "Special incident";
    FbSuggestionDecided => "建议决定", "Suggestion decided";
    FbFollowUpVisited => "回访", "Follow-up visit";
    FbReopened => "重新处理", "Reopened";
    FbClosed => "结案", "Closed";
    DeadlineScheduledPatrol => "定期巡视", "Scheduled patrol";
    PatrolRouteTitle => "今日巡视路线", "Today's route";
    PatrolRouteEmpty => "没有施工中的房屋。", "No unit is under construction.";
    LastPatrolled => "上次巡视", "Last patrolled";
    NeverPatrolled => "尚未巡视", "Not patrolled yet";
    OpenTicketsCount => "未关闭整改单", "Open tickets";
    StartPatrol => "巡视", "Patrol";
    ScanTitle => "扫码或输入编号", "Scan or type a code";
    ScanCode => "房号（如 3-2-1201）或案件编号", "Unit (such as 3-2-1201) or case number";
    OpenByCode => "打开", "Open";
    ScanWithCamera => "用相机扫描许可证二维码", "Scan the permit's QR code with the camera";
    CodeNotFound => "没有找到这个房号或案件编号。", "No unit or case matches this code.";
    CameraUnavailable => "此设备不能用相机扫码，请输入编号。", "This device cannot scan with the camera: type the code.";
    PatrolTitle => "巡视检查", "Patrol";
    PatrolKindLabel => "巡视类型", "Kind of patrol";
    PatrolKindScheduled => "定期巡视", "Scheduled";
    PatrolKindRandom => "随机抽查", "Random";
    ItemPermitPosted => "门外张贴施工许可证", "Permit posted outside the door";
    ItemPassesWorn => "工人佩戴出入证", "All workers wear passes";
    ItemHotWork => "动火作业有动火许可证", "Hot-work permit present for welding or cutting";
    ItemWithinApproval => "无超出审批的结构或外立面改动", "No structural or facade change beyond the approval";
    ItemWaste => "垃圾处理、公共区域清洁", "Waste handled, public areas clean";
    ItemWorkingHours => "遵守施工时间", "Working hours respected";
    OutcomePass => "合格", "Pass";
    OutcomeFail => "不合格", "Fail";
    OutcomeNa => "不适用", "N/A";
    FindingNote => "情况说明", "Note";
    WorkersSeen => "现场工人数", "Workers seen";
    TakePhoto => "拍照", "Take a photo";
    PhotosTaken => "已拍照片", "Photos taken";
    LostPassFound => "发现遗失的出入证（编号）", "Lost pass found (number)";
    CheckFixes => "复查整改", "Check earlier violations";
    FixedChoice => "已整改", "Fixed";
    NotFixedChoice => "未整改", "Not fixed";
    FinishPatrol => "完成巡视", "Finish the patrol";
    DraftSaved => "草稿已自动保存在本设备", "Draft saved on this device";
    PatrolRecorded => "巡视已记录。", "Patrol recorded.";
    PatrolSummaryTitle => "今日巡视小结", "Today's patrols";
    UnitsVisited => "巡视房屋", "Units visited";
    ViolationsFound => "违规", "Violations";
    NoPatrolsToday => "今天还没有巡视。", "No patrols yet today.";
    ContractorToNotify => "需通知施工单位", "Contractor to notify";
    OverdueTitle => "已逾期", "Overdue";
    DueTodayTitle => "今天到期", "Due today";
    DueThisWeekTitle => "本周到期", "Due this week";
    NothingDue => "没有事项。", "Nothing here.";
    CountsTitle => "各状态数量", "Counts per status";
    TicketKindDepartment => "部门处理单", "Department work order";
    TicketKindRectification => "整改单", "Rectification";
    TicketKindFollowUp => "回访", "Follow-up visit";
    TicketKindRefund => "押金退款", "Deposit refund";
    NoTickets => "没有未完成的工单。", "No open tickets.";
    AllTicketKinds => "全部工单", "All tickets";
    AllDepartments => "全部部门", "All departments";
    TicketListLabel => "未完成的工单", "Open tickets";
    MonthLabel => "月份", "Month";
    RenovationReportTitle => "每月装修统计表", "Monthly renovation statistics";
    ComplaintReportTitle => "投诉情况月度汇总单", "Monthly complaint summary";
    SuggestionReportTitle => "建议情况月度表", "Monthly suggestion table";
    YearSummaryTitle => "建议年度汇总", "Year-end suggestion summary";
    DownloadCsv => "下载 CSV", "Download CSV";
    ChartCaption => "本月与前五个月对比", "This month against the five before";
    ItemColumn => "项目", "Item";
    ValueColumn => "数值", "Value";
    RApplications => "装修申请", "Applications";
    RApprovals => "审图通过", "Approvals";
    RRejections => "审图退回", "Rejections";
    RUnderConstruction => "月末施工中", "Under construction at month end";
    RAccepted => "验收合格", "Accepted";
    RRefunded => "已退款户数", "Cases refunded";
    RFees => "收取费用", "Fees collected";
    RDeposits => "收取押金", "Deposits collected";
    RDepositsRefunded => "退还押金", "Deposits refunded";
    RDeductions => "扣款", "Deductions";
    CReceived => "收到投诉", "Complaints received";
    CUnclassified => "未分类", "Not classified";
    COnTime => "按时答复", "Answered on time";
    CLate => "逾期答复", "Answered late";
    CUnanswered => "未答复", "Not answered";
    CSatisfied => "回访满意", "Satisfied at follow-up";
    CUnsatisfied => "回访不满意", "Not satisfied at follow-up";
    CMeasures => "处理措施", "Measures";
    SReceived => "收到建议", "Suggestions received";
    FbAssigned => "指派", "Assigned";
    AssignTo => "指派给（部门人员）", "Assign to (a person of the department)";
    AssignButton => "指派", "Assign";
    AssigneeLabel => "负责人", "Assignee";
    CloseRectification => "已整改，关闭", "Fixed: close";
    DepartmentOfUser => "所在部门（部门负责人填写）", "Department (for department heads)";
    NoDepartmentChosen => "不适用", "Not applicable";
    NoActions => "当前角色在此状态下没有可办理的事项。", "Nothing to do here in this role and state.";
    OfficeSetupIntro => "第一位设置本设备的人成为办公室管理员，之后由管理员添加其他员工。请记住您的 PIN：以后登录、解锁和管理员确认都要用到。",
        "The first person to set up this device becomes the office administrator, who then adds the other staff. Remember your PIN: you need it to sign in, to unlock and to confirm administrator steps.";
    FirstSetupIntro => "管理处已经在用 Estate Desk 时，请让本设备加入现有管理处；只有管理处的第一台设备才新建管理处。",
        "If the office already uses Estate Desk, let this device join it; only the office's first device founds a new office.";
    JoinOfficeTitle => "加入现有管理处", "Join an existing office";
    JoinStepCard => "第一步：请管理员在其设备的“设置 → 设备”中导入本设备卡片（文件或二维码），本设备导出的数据包从此无需管理员 PIN。",
        "Step 1: the administrator imports this device's card (file or QR code) under Settings → Devices on their device; bundles from this device then need no administrator PIN.";
    JoinPersonLabel => "本设备使用人（显示在设备卡片上）", "Who uses this device (shown on its card)";
    JoinStepBundle => "第二步：导入管理处导出的数据包，由一位管理员在本设备上输入其 PIN 确认加入。",
        "Step 2: import the bundle the office exported; an administrator confirms the joining by typing their PIN on this device.";
    JoinStepSignIn => "第三步：用您在管理处的员工档案和自己的 PIN 登录。员工档案由管理员在“设置 → 员工”中添加，不要在本设备上另建。",
        "Step 3: sign in with your staff profile of the office and your own PIN. The administrator adds profiles under Settings → Staff; do not make another on this device.";
    NewDeviceName => "新设备", "New device";
    JoinStepServer => "或者，管理处已配置同步服务器时：填写服务器信息，由一位管理员在本设备上输入其 PIN，从服务器加入。不必再导入数据包。",
        "Or, where the office syncs through a server: fill in the server, and an administrator types their PIN on this device to join through it. No bundle is needed then.";
    JoinThroughServerTitle => "从同步服务器加入", "Join through the sync server";
    JoinThroughServer => "从服务器加入", "Join through the server";
    AdminPinToJoin => "管理员 PIN（确认本设备加入管理处）", "Administrator PIN (confirms this device joining the office)";
    JoinReading => "正在从服务器读取管理处 {done}/{total}", "Reading the office from the server {done}/{total}";
    JoinNothingOnServer => "服务器的这个数据库中没有可加入的管理处。", "This database on the server holds no office to join.";
    JoinedThroughServer => "已加入管理处：取得 {count} 项记录。", "Joined the office: {count} records taken in.";
    PersonsDevice => "{person}的设备", "{person}'s device";
    DeviceCardFileName => "设备卡片", "device-card";
    PhoneDeclinedLabel => "住户不愿留联系方式", "The resident declines to give a number";
    PhoneDeclined => "（住户不愿留联系方式）", "(declined to give one)";
    RequiredTag => "必填", "required";
    BundleFileName => "管理处数据包", "estate-desk";
    NewcomerAdministrators => "请注意：此数据包带来本处没有的管理员：{names}。这通常是另一台设备单独新建了管理处。若与本处员工是同一人，请导入后在“设置 → 员工”中合并重复档案。",
        "Note: this bundle brings administrators this office does not have: {names}. Usually another device founded an office of its own. If they are people of this office, merge the duplicate profiles under Settings → Staff after the import.";
    NewOfficeTitle => "新建管理处（第一台设备）", "Found a new office (its first device)";
    OtherRoles => "兼任岗位", "Also works as";
    PinLabel => "PIN（6–8 位数字）", "PIN (6–8 digits)";
    PinAgainLabel => "再次输入 PIN", "PIN again";
    PinNotDigits => "PIN 只能由数字组成。", "A PIN is made of digits only.";
    PinTooShort => "PIN 至少 6 位。", "A PIN has at least 6 digits.";
    PinTooLong => "PIN 最多 8 位。", "A PIN has at most 8 digits.";
    PinMismatch => "两次输入的 PIN 不一致。", "The two PINs differ.";
    PinHashUnavailable => "浏览器无法计算 PIN 的散列（需要 https 或本机地址）。",
        "The browser cannot hash the PIN (it needs https or localhost).";
    SignInTitle => "登录", "Sign in";
    LockedTitle => "屏幕已锁定", "Screen locked";
    SignInIntro => "请选择使用人并输入其 PIN。", "Choose who you are and enter your PIN.";
    StaffMemberLabel => "使用人", "Person";
    PinEntryLabel => "PIN 码", "PIN";
    SignInButton => "登录", "Sign in";
    CheckingPin => "正在核对 PIN…", "Checking the PIN…";
    WrongPinAttemptsLeft => "PIN 不正确。锁定前还可尝试次数：", "Wrong PIN. Attempts left before the lock: ";
    ProfileLockedUntil => "PIN 连续输错，该使用人已被锁定，请在此时间后再试：", "Too many wrong PINs: this person is locked until ";
    SwitchUser => "切换用户", "Switch user";
    StaffTitle => "员工", "Staff";
    StaffIntro => "只有办公室管理员可以添加员工和修改岗位。每位员工用自己的 PIN 登录，所记录的每一步都署其姓名和岗位（X-1）。",
        "Only an office administrator adds staff and changes roles. Each person signs in with their own PIN, and every step they record carries their name and role (X-1).";
    StaffNameLabel => "员工姓名", "Staff member's name";
    StaffRoleLabel => "员工岗位", "Staff member's role";
    StaffDepartmentLabel => "员工所在部门（部门负责人填写）", "Staff member's department (for department heads)";
    StaffPinLabel => "员工 PIN（6–8 位数字）", "Staff member's PIN (6–8 digits)";
    StaffPinAgainLabel => "再次输入员工 PIN", "Staff member's PIN again";
    StaffAdministrator => "办公室管理员", "Office administrator";
    AddStaff => "添加员工", "Add staff member";
    StaffAdded => "已添加员工。", "Staff member added.";
    StaffListLabel => "员工名单", "Staff list";
    AdministratorBadge => "管理员", "administrator";
    RemovedBadge => "已离职", "left";
    MergedIntoBadge => "已合并到「{profile}」", "merged into “{profile}”";
    PossibleDuplicate => "重名：可能是重复档案", "Same name: possibly a duplicate";
    EditStaffNamed => "修改{name}的岗位", "Change {name}'s roles";
    StaffRolesLegend => "岗位（第一个为登录后的默认岗位）", "Roles (the first is the one signed in with)";
    EditStaffDepartment => "部门（仅部门负责人需要）", "Department (department heads only)";
    SaveStaffChanges => "保存岗位", "Save roles";
    RetireStaff => "离职", "Leaves the office";
    RetireStaffNamed => "{name}离职", "{name} leaves the office";
    RetireStaffConsequence => "{name}将不能再登录或办理任何事项；以往的记录仍署其姓名，不会删除。",
        "{name} can no longer sign in or act; their earlier records keep their name and are not deleted.";
    MergeDuplicate => "合并重复档案", "Merge duplicate profile";
    MergeIntoNamed => "把此档案合并到「{profile}」", "Merge this profile into “{profile}”";
    MergeConsequence => "此档案将停用，此人以后用「{profile}」登录；此档案以往的记录保留原样。",
        "This profile is retired and the person signs in as “{profile}” from now on; its earlier records stay as they are.";

    SigningUnavailable => "无法用本设备的密钥签名数据包（浏览器的 WebCrypto 不可用）。", "Could not sign the bundle with this device's key (the browser's WebCrypto is unavailable).";
    SignedByEnrolled => "签名有效，来自已登记的设备：", "Signed by an enrolled device: ";
    SignedByUnknown => "请确认来源：此数据包来自一台尚未在本设备登记的设备（文件完好，未被改动）：",
        "Check where it came from: this bundle comes from a device not enrolled here (the file is intact and unaltered): ";
    SignedByRevoked => "警告：此数据包由已吊销的设备在吊销之前签名，记录有效，但请确认来源：", "Warning: this bundle was signed by a revoked device before its revocation; its records are valid, but check where it came from: ";
    UnsignedBundle => "警告：此数据包没有签名，无法确认来自哪台设备。", "Warning: this bundle is not signed, so the device it came from cannot be confirmed.";
    AdminPinToImport => "管理员 PIN（导入未登记设备的数据包需要）", "Administrator PIN (needed to import from a device not enrolled here)";
    WrongAdminPin => "管理员 PIN 不正确，未导入任何数据。", "Wrong administrator PIN: nothing was imported.";
    DevicesTitle => "设备", "Devices";
    DevicesIntro => "每台设备有自己的签名密钥，导出的数据包都带有签名。导入另一台设备的“设备卡片”即登记该设备，之后来自它的数据包无需管理员 PIN。设备丢失时请吊销：吊销之后它签名的数据包一律拒收，之前的记录仍然有效。",
        "Each device has its own signing key, and every bundle it exports is signed. Importing another device's card enrols that device; its bundles then import without the administrator's PIN. Revoke a lost device: bundles it signs after the revocation are refused, and its earlier records stay valid.";
    ThisDeviceCard => "本设备卡片", "This device's card";
    DownloadDeviceCard => "下载本设备卡片", "Download this device's card";
    EnrolDeviceCard => "导入设备卡片以登记设备", "Import a device card to enrol the device";
    DeviceEnrolled => "已登记设备。", "Device enrolled.";
    DeviceRevoked => "已吊销设备。", "Device revoked.";
    EnrolledDevicesLabel => "已登记的设备", "Enrolled devices";
    RevokeDevice => "吊销", "Revoke";
    RevokeConsequence => "吊销后，「{name}」此后签名的数据包一律拒收，它此后的记录不会生效；此前的记录仍然有效。吊销不能撤销。",
        "Once revoked, bundles “{name}” signs afterwards are refused and its later records do not take effect; its earlier records stay valid. A revocation cannot be undone.";
    RevokedBadge => "已吊销", "revoked";
    RoleSwitchHint => "只能在本人档案的岗位之间切换；岗位由办公室管理员设定。", "You can switch only between the roles of your profile; the office administrator sets them.";
    // Refusals (typed in core, issue #20): templates fill `{name}` placeholders.
    RefusalWrongRole => "当前岗位无权办理，需由{roles}办理", "Your role may not do this; it is for {roles}";
    RefusalWrongState => "案件当前为“{state}”，不能{step}", "Not possible while the case is “{state}”: {step}";
    RolesJoiner => "或", " or ";
    MissingUnit => "房号", "Unit and room";
    MissingHowSolved => "现场解决的办法", "How it was solved";
    MissingCause => "投诉原因", "Cause";
    MissingComplaintContent => "投诉内容", "Complaint content";
    MissingCustomerDemand => "客户诉求", "Resident's demand";
    MissingHandlingMethod => "处理方法", "Handling method";
    MissingSignature => "负责人签字", "Head's signature";
    MissingAssignee => "承办人", "Assignee";
    MissingProgress => "进展情况", "Progress";
    MissingHandlingResult => "处理结果", "Result";
    MissingExplanation => "解释与答复", "Explanation";
    MissingResidentAgreement => "住户对答复时间的同意", "The resident's agreement to the reply time";
    MissingSuperior => "上报对象", "Who it is escalated to";
    MissingContainment => "控制措施", "Containment";
    MissingUnitsReportedTo => "已报告的单位", "Units reported to";
    MissingExplanationForOwner => "给业主的说明", "Explanation for the owner";
    MissingOwnerOpinion => "业主意见", "The resident's opinion";
    MissingReason => "原因", "Reason";
    MissingAcceptanceDefects => "验收不合格的缺陷", "Defects of the failed acceptance";
    MissingDeviceName => "设备名称", "Device name";
    MissingStaffName => "员工姓名", "Staff member's name";
    MissingCourseOfEvents => "核实后的事情经过", "Verified course of events";
    StepOpenCase => "登记装修申请", "open the case";
    StepSetContractor => "登记施工单位", "record the contractor";
    StepDeclareChanges => "申报改动", "declare the changes";
    StepReceiveDocument => "收取申请材料", "receive a document";
    StepSubmitForReview => "提交审图", "submit for review";
    StepCollectFees => "收取费用", "collect the fees";
    StepIssuePermit => "发放施工许可证", "issue the permit";
    StepIssuePasses => "发放出入证", "issue worker passes";
    StepIssueHotWorkPermit => "发放动火许可证", "issue the hot-work permit";
    StepSignAgreement => "签署装修管理协议", "sign the management agreement";
    StepReviewDrawings => "审核图纸", "review the drawings";
    StepStartConstruction => "开始施工", "start construction";
    StepRecordLostPass => "登记出入证遗失", "record a lost pass";
    StepRecordLostPermit => "登记许可证遗失", "record a lost permit";
    StepRecordReturnedPass => "登记出入证归还", "record a returned pass";
    StepDeductForViolation => "违规扣款", "deduct for a violation";
    StepRequestAcceptance => "申请验收", "request acceptance";
    StepScheduleAcceptance => "安排验收", "schedule the acceptance";
    StepRecordAcceptance => "登记验收结果", "record the acceptance";
    StepPayRefund => "退还押金", "pay a refund";
    StepEditCase => "修改案件信息", "edit the case";
    StepReceiveFeedback => "登记投诉或建议", "record the feedback";
    StepAcknowledge => "代表公司致歉（投诉）或致谢（建议）", "apologise (complaint) or thank (suggestion) on behalf of the company";
    StepVerify => "核实情况", "verify what happened";
    StepSolveOnSpot => "现场解决", "solve on the spot";
    StepClassify => "分类", "classify";
    StepForward => "转责任部门", "forward to the department";
    StepNotifyEngineering => "通知工程部", "notify engineering";
    StepSignHandlingMethod => "签署处理方法", "sign the handling method";
    StepAssign => "指派承办人", "assign someone";
    StepNoteProgress => "记录进展", "note progress";
    StepMarkHandled => "标记已处理", "mark as handled";
    StepReply => "答复住户", "reply to the resident";
    StepAgreeReplyTime => "约定答复时间", "agree a reply time";
    StepFlagSerious => "标记为严重投诉", "flag as serious";
    StepApologise => "上门或电话致歉", "apologise by home visit or phone";
    StepEscalate => "上报上级", "escalate";
    StepRecordSpecialIncident => "登记特殊事件", "record a special incident";
    StepDecideSuggestion => "决定是否采纳", "decide on the suggestion";
    StepInformOwner => "告知业主", "inform the owner";
    StepFollowUpVisit => "回访", "make the follow-up visit";
    StepReopen => "重新处理", "reopen";
    StepClose => "结案", "close the case";
    StepRecordPatrol => "巡视", "patrol";
    StepOpenRectification => "开整改单", "open a rectification ticket";
    StepNotifyContractor => "通知施工单位", "notify the contractor";
    StepVerifyRectification => "复查整改", "check the rectification";
    RectStatusNew => "未开单", "Not opened";
    RectStatusOpen => "整改中", "Open";
    RectStatusClosed => "已整改", "Closed";
    ReasonDeviceRevoked => "本设备已于 {at} 被吊销", "this device was revoked at {at}";
    ReasonNoStaffProfile => "操作人没有有效的员工档案", "the person has no current staff profile";
    ReasonSignInFirst => "请先用员工档案登录", "sign in with a staff profile first";
    ReasonOnlyAdministratorEnrolsDevices => "只有管理员可以登记设备", "only an administrator enrols devices";
    ReasonOnlyAdministratorRevokesDevices => "只有管理员可以吊销设备", "only an administrator revokes devices";
    ReasonOnlyAdministratorChangesStaff => "只有管理员可以修改员工名单", "only an administrator changes the staff list";
    ReasonNoDeviceToRevoke => "没有可吊销的已登记设备", "there is no enrolled device to revoke";
    ReasonInvalidPublicKey => "设备卡片中的密钥无效", "the key on the device card is not valid";
    ReasonStaffNeedsARole => "员工至少需要一个岗位", "a staff member needs at least one role";
    ReasonStaffProfileExists => "该员工档案已存在", "this staff profile already exists";
    ReasonKeepOneAdministrator => "管理处至少要保留一名管理员", "the office keeps at least one administrator";
    ReasonMergeIntoCurrentProfile => "只能合并到另一个在职的员工档案", "a duplicate is merged into another current staff profile";
    ReasonWeakPinHash => "PIN 的保存方式不够安全：{problem}", "the PIN is not stored safely enough: {problem}";
    PinHashWrongAlgorithm => "算法不符", "wrong algorithm";
    PinHashTooFewIterations => "计算轮数过少", "too few iterations";
    PinHashShortSalt => "随机盐过短", "salt too short";
    PinHashWrongLength => "长度不符", "wrong length";
    ReasonUnitHasOpenCase => "该房屋已有未结案的装修案件", "this unit already has an open renovation case";
    ReasonPatrolRecordedOnce => "这次巡视已经登记过", "this patrol is already recorded";
    ReasonNoSuchFailedPatrolItem => "巡视记录中没有这一不合格项", "the patrol has no such failed item";
    ReasonDocumentAlreadyComplete => "这份材料已经齐全，不再多收", "this document is already complete; no further copy is counted";
    ReasonNoPaperCopyToUnmark => "这份材料没有登记收到的纸质件，无可撤销", "no paper copy of this document is marked received, so there is nothing to undo";
    UnmarkPaper => "撤销纸质件", "Undo paper copy";
    ReasonNoOpenConflict => "这项冲突已经复核过", "this conflict is already settled";
    ReasonOnlyComplaintsAreClassified => "只有投诉需要分类", "only complaints are classified";
    ReasonOnlyComplaintsAreSerious => "只有投诉可以标记为严重", "only a complaint can be serious";
    ReasonOnlySuggestionsAreDecided => "只有建议需要决定是否采纳", "only suggestions are adopted or not";
    ReasonCompletionDeadlineInThePast => "完成期限已过，请选择以后的时间", "the completion deadline is in the past";
    ReasonReplyTimeInThePast => "答复时间已过，请选择以后的时间", "the reply time is in the past";
    ReasonResidentWasSatisfied => "回访时住户表示满意，无需重新处理", "the resident was satisfied at the follow-up visit";
    ReasonFeesAlreadyCollected => "费用已经收取过", "the fees are already collected";
    ReasonNegativeCharge => "收费金额不能为负数", "a charge cannot be negative";
    ReasonPassNumbersNotNew => "出入证编号必须是新的且不重复", "pass numbers must be new and distinct";
    ReasonTooManyPasses => "共 {passes} 张出入证，但只收了 {paid} 张的工本费和押金", "{passes} passes, but only {paid} cards are paid for";
    ReasonNoHotWorkDeclared => "申请中没有申报动火作业", "no hot work is declared";
    ReasonFailedReviewPointNeedsReason => "不通过的审核项需要写明原因", "a failed review point needs a reason";
    ReasonPassNotOut => "{number} 号出入证不在使用中", "pass {number} is not out";
    ReasonNoPermitOut => "没有在用的施工许可证", "no permit is out";
    ReasonDeductionNotPositive => "扣款金额必须大于零", "a deduction must be more than zero";
    ReasonRefundTooLarge => "退款 {amount} 超过应退金额 {refundable}", "a refund of {amount}, but only {refundable} is refundable";
    ReasonHotWorkPermitMustBeChecked => "已申报动火作业：必须检查动火许可证，不能选“不适用”", "hot work is declared: the hot-work permit must be checked";
    BundleTooLarge => "文件过大（{bytes} 字节），上限 200 MB", "the file is {bytes} bytes, over the 200 MB limit";
    BundleNotJson => "文件不是 JSON 格式（第 {line} 行第 {column} 列）", "the file is not JSON (line {line}, column {column})";
    BundleTruncated => "文件不完整：内容被截断", "the file ends too early: it was truncated";
    BundleWrongFormat => "不是物业客服台的数据包（格式为“{found}”）", "not an Estate Desk bundle (its format is “{found}”)";
    BundleFutureVersion => "数据包版本 {version} 比本应用新，请先更新应用", "bundle version {version} is newer than this app reads: update the app";
    BundleUnsupportedVersion => "不支持的数据包版本 {version}", "bundle version {version} is not supported";
    BundleSchema => "数据包结构不符合格式：{detail}", "the bundle does not match the format: {detail}";
    BundleStringTooLong => "{path} 长度 {bytes} 字节，超过 1 MB 上限", "{path} is {bytes} bytes long, over the 1 MB limit";
    BundleUnsafeInteger => "{path} 的数值过大，超出本应用能准确保存的范围，数据包不予导入", "{path} holds a number too large for this app to keep exactly: the bundle is refused";
    BundleBodyHashMismatch => "数据包内容与其校验值不符：文件被改动或已损坏", "the body does not match its SHA-256: the file was changed or damaged";
    BundleInvalidId => "{field}“{value}”不是有效编号", "{field} “{value}” is not an id";
    IdFieldEvent => "记录编号", "event id";
    IdFieldEntity => "案件编号", "entity id";
    IdFieldDevice => "设备编号", "device id";
    IdFieldActorDevice => "操作设备编号", "actor device id";
    BundleUnknownEventKind => "记录 {id} 的类别“{kind}”无法识别", "event {id} has an unknown kind “{kind}”";
    BundleMalformedEvent => "记录 {id} 无法读取：{detail}", "event {id} cannot be read: {detail}";
    BundleEventHashMismatch => "记录 {id} 被改动过：校验值不符", "event {id} was edited: its hash does not match";
    BundleChainBroken => "设备 {device} 的记录链在 {id} 之前断开：有记录被删除或缺失", "the chain of device {device} is broken before event {id}: an event was removed or is missing";
    BundleIdCollision => "编号 {id} 出现了两份不同的内容", "event id {id} appears with two different contents";
    BundleAttachmentCorrupt => "照片 {sha256} 已损坏：{detail}", "photo {sha256} is damaged: {detail}";
    BundleMissingPhoto => "记录 {event} 引用的照片 {sha256} 缺失", "photo {sha256} referenced by event {event} is missing";
    BundleCountsMismatch => "文件头中“{kind}”的数量与内容不符", "the header's count of “{kind}” does not match the body";
    BundleBadSignature => "签名不符：文件在签名后被改动过，或是伪造的", "the signature does not match: the file was changed after it was signed, or forged";
    BundleSignerKeyMismatch => "签名所用的密钥不是设备 {device} 登记的密钥", "signed with a key that is not the enrolled key of device {device}";
    BundleSignerRevoked => "设备 {device} 已于 {at} 吊销，之后的数据包不予导入", "device {device} was revoked at {at}: later bundles are refused";
    BundleUnknownSignatureAlgorithm => "不接受签名算法“{algorithm}”", "signature algorithm “{algorithm}” is not accepted";
    CardNotACard => "这个文件不是设备卡片。", "This file is not a device card.";
    CardUnknownVersion => "设备卡片的版本不受支持，请用同一版本的应用生成卡片。", "This device card's version is not supported: make the card with the same version of the app.";
    CardInvalidKey => "设备卡片中的密钥无效，文件可能已损坏。", "The key on this device card is not valid: the file may be damaged.";
    MoneyEmpty => "请填写金额", "Enter an amount";
    MoneyNotANumber => "不是有效的金额", "This is not an amount";
    MoneyTooManyDecimals => "金额最多两位小数（到分）", "An amount has at most two decimals (fen)";
    MoneyNegative => "金额不能为负数", "An amount cannot be negative";
    MoneyTooLarge => "金额过大", "The amount is too large";
    YuanUnit => "元", "yuan";
    AdoptionChoice => "是否采纳", "Adopted or not";
    SatisfactionChoice => "住户是否满意", "Was the resident satisfied";
    UnenrolledDevice => "未登记的设备", "a device not enrolled here";
    MissingYearNote => "{year} 年节假日未载入，按周末推算", "{year} holidays not entered: counted on weekends only";
    EnterNextYearBanner => "{year} 年的节假日还没有录入。跨年的期限现在只按周末推算，请按国务院办公厅的放假通知录入。", "The {year} holidays are not entered yet. Deadlines that run into {year} are counted on weekends only: enter them from the official holiday notice.";
    OpenCalendar => "打开工作日历", "Open the working calendar";
    ReasonOnlyAdministratorOrManagerSetsRules => "只有管理员或客户服务部经理可以修改办公规则和工作日历", "only an administrator or the CS manager sets the office's rules and calendar";
    ReasonPolicyValue => "{field}：{problem}", "{field}: {problem}";
    ReasonEffectiveInThePast => "生效时间不能早于现在", "the change cannot take effect before now";
    ReasonCalendarYearOutOfRange => "{year} 年不在可设置的年份内（2000–2100）", "{year} is outside the years a calendar holds (2000–2100)";
    ReasonDayNameTooLong => "节日名称不能超过 20 个字", "a holiday's name has at most 20 characters";
    // Issue #17: money and paper.
    RenStatusWithdrawn => "已撤回", "Withdrawn";
    ItemOwedPayment => "补缴欠款", "Owed amount paid";
    ItemUnclaimedRefund => "未领退款核销", "Unclaimed refund written off";
    ItemWaivedDebt => "欠款核销", "Debt written off";
    EntryReversal => "冲正", "Reversal";
    EntryWriteOff => "核销", "Write-off";
    MethodCash => "现金", "Cash";
    MethodWeChat => "微信", "WeChat Pay";
    MethodAlipay => "支付宝", "Alipay";
    MethodBankTransfer => "银行转账", "Bank transfer";
    MethodCard => "刷卡", "Card";
    MissingPaymentMethod => "{payer}的付款方式", "how the {payer} paid";
    MissingPermitNumber => "施工许可证编号", "Permit number";
    MissingManagementRequest => "住户对管理层的要求", "What the resident asks of management";
    MissingManagementAnswer => "接待的管理人员及处理结果", "Who from management answered, and the outcome";
    MissingSupervisor => "交接的部门主管", "The supervisor handed to";
    StepWithdraw => "撤回申请", "withdraw the application";
    StepCollectExtras => "收取补办/增办费用", "collect extra or replacement fees";
    StepCollectOwed => "收取欠款", "collect the amount owed";
    StepVoidReceipt => "作废收据", "void a receipt";
    StepWriteOffBalance => "核销余额", "write off the balance";
    StepHandOverSuggestions => "移交部门主管", "hand over to the department supervisor";
    StepRecordManagementRequest => "登记约见管理层要求", "record a request to see management";
    StepAnswerManagementRequest => "登记管理层答复", "record management's answer";
    ReasonBalanceNotSettled => "{payer}尚未结清：应退 {refundable}，欠款 {owed}", "the {payer} is not settled: {refundable} to refund, {owed} owed";
    ReasonOwedPaymentTooLarge => "收取 {amount} 超过欠款 {owed}", "{amount} is more than the {owed} owed";
    ReasonNoSuchReceipt => "没有这张收据", "there is no such receipt";
    ReasonReceiptAlreadyVoided => "这张收据已作废", "the receipt is already void";
    ReasonWriteOffMustMatchBalance => "核销金额须等于当前余额 {balance}", "a write-off settles the whole balance of {balance}";
    ReasonNothingToCollect => "至少补办一张出入证或一份许可证", "add at least one pass or permit";
    ReasonRefundAlreadyPaid => "业主的退款已支付，不能再扣款", "the owner's refund is paid; nothing more can be deducted";
    ReasonPermitNotNeeded => "施工许可证已发放且有效，补办需先登记遗失并缴费", "a valid permit is out; record the loss and collect the replacement fee first";
    ReasonTicketNotOfThisCase => "整改单不属于本案件", "the rectification ticket belongs to another case";
    ReasonNotHeadOfCaseDepartment => "只有{department}负责人可以签认办理", "only the head of {department} signs for this case";
    ReasonEscalationNeedsVerifiedServiceComplaint => "只有核实过的一类（服务）投诉可以上报", "only a verified class 1 (service) complaint is escalated";
    ReasonAlreadyHandedOver => "已移交部门主管", "already handed over";
    ReasonNoManagementRequest => "没有待答复的约见管理层要求", "no request to see management is waiting";
    ReasonNoDeviceCodeLeft => "设备编码已用完", "every device code is taken";
    ReasonDeviceCodeTaken => "设备编码 {code} 无效或已被占用", "device code {code} is not valid or is taken";
    ReasonUnitHasOpenCaseNumbered => "该房号已有未结案的装修案件 {number}", "the unit already has an open renovation case {number}";
    TlExtrasCollected => "收取补办/增办费用", "Extra fees collected";
    TlOwedCollected => "收取欠款", "Owed amount collected";
    TlReceiptVoided => "收据作废", "Receipt voided";
    TlWithdrawn => "撤回申请", "Application withdrawn";
    TlBalanceWrittenOff => "余额核销", "Balance written off";
    FbManagementRequested => "要求约见管理层", "Asked to see management";
    FbManagementAnswered => "管理层答复", "Management answered";
    FbHandedOver => "移交部门主管", "Handed to the supervisor";
    AwaitingSignatureTitle => "待本部门签认", "Waiting for your department to sign";
    RefundSlipTitle => "退款单", "Refund slip";
    FeedbackRecordTitle => "客户建议/投诉处理记录表", "Complaint and suggestion handling record";
    VisitorLogTitle => "来访接待记录表", "Visitor record";
    ReceiptNumber => "收据编号", "Receipt no.";
    SlipNumber => "退款单编号", "Refund slip no.";
    AmountInFigures => "金额（小写）", "Amount in figures";
    AmountInCapitals => "金额（大写）", "Amount in words";
    PaymentMethodLabel => "付款方式", "Payment method";
    RefundMethodLabel => "退款方式", "Refund method";
    CollectedBy => "收款人", "Collected by";
    PaidByLabel => "交款人", "Paid by";
    PayeeLabel => "领款人", "Payee";
    Handler => "经办人", "Handled by";
    AcceptedBy => "验收人", "Inspected by";
    SignHere => "签字：", " signs: ";
    VoidedStamp => "作废", "VOID";
    QuantityLabel => "数量", "Qty";
    NoDeductions => "无扣款", "No deductions";
    PartyOffice => "甲方（物业服务中心）", "Party A (the office)";
    PartyOwner => "乙方（业主）", "Party B (the owner)";
    PartyContractor => "丙方（施工单位）", "Party C (the contractor)";
    DeclaredChangesShort => "申报的改动", "Declared changes";
    AgreementClauseFees => "开工前，丙方交装修保证金 {contractor_deposit}、维护费 {maintenance}，施工证每张工本费 {card_cost}、押金 {card_deposit}；乙方交装修保证金 {owner_deposit}、施工许可证工本费每张 {permit_cost}。", "Before work starts, C pays a deposit of {contractor_deposit} and a maintenance fee of {maintenance}, and per pass card {card_cost} plus a {card_deposit} deposit; B pays a deposit of {owner_deposit} and {permit_cost} per permit.";
    AgreementClauseReview => "资料齐全后，甲方在 {days} 个工作日内完成图纸审核。", "Once the file is complete, A reviews the drawings within {days} working days.";
    AgreementClauseSite => "施工许可证张贴于户门外，施工人员佩戴施工证；不得改动承重结构和外立面，垃圾按指定地点清运，遵守施工时间。", "The permit is posted on the door and workers wear their passes; no change to the structure or the facade; waste goes where the office says; working hours are kept.";
    AgreementClausePasses => "施工证遗失每张从保证金中扣除 {lost_pass}，施工许可证遗失扣除 {lost_permit}；施工证归还时退还押金。", "A lost pass card costs {lost_pass} and a lost permit {lost_permit}, out of the deposit; a returned card's deposit is refunded.";
    AgreementClausePatrol => "甲方至少每 {days} 个工作日巡查一次；违规须在 {rectify} 个工作日内整改，违规扣款从保证金中扣除。", "A patrols at least every {days} working days; a violation is put right within {rectify} working days, and a fine comes out of the deposit.";
    AgreementClauseRefund => "验收合格或申请撤回后，甲方在 {target} 个工作日内（最迟 {limit} 个工作日）退还保证金和押金余额；扣款超过保证金的部分由责任方补缴。", "After the acceptance, or once the application is withdrawn, A refunds the deposits' balance within {target} working days ({limit} at the latest); deductions above a deposit are paid by whoever owes them.";
    ReceivedAtLabel => "受理时间", "Received";
    FollowUpResult => "回访结果", "Follow-up";
    CsManagerSignature => "客户服务部经理", "CS manager";
    NoVisitors => "当天没有来访记录。", "No visitors that day.";
    VisitorLabel => "来访人", "Visitor";
    PurposeLabel => "来访事由", "Purpose";
    ReceivedByLabel => "接待人", "Received by";
    PurposeRenovation => "装修申请", "Renovation application";
    PrintAgreement => "打印装修管理协议", "Print the management agreement";
    PrintFeedbackRecord => "打印处理记录表", "Print the handling record";
    PrintVisitorLog => "打印来访接待记录表", "Print the visitor record";
    PrintReceiptNumbered => "打印收据 {number}", "Print receipt {number}";
    PrintRefundSlipNumbered => "打印退款单 {number}", "Print refund slip {number}";
    CollectionIntake => "开工前收费", "Fees before work";
    CollectionExtras => "补办/增办", "Extras and replacements";
    CollectionOwed => "补缴欠款", "Amount owed";
    PaperColumn => "票据", "Paper";
    ReceiptsTitle => "收据", "Receipts";
    RefundSlipsTitle => "退款单", "Refund slips";
    VoidReasonLabel => "作废原因", "Why it is void";
    VoidReceipt => "作废收据", "Void the receipt";
    DeductionAmount => "违规扣款金额（元）", "Deduction (yuan)";
    DeductionReason => "扣款原因", "What the deduction is for";
    DeductForViolation => "从施工单位保证金扣款", "Deduct from the contractor's deposit";
    ExtrasTitle => "补办/增办施工证和许可证", "Extra or replacement passes and permits";
    ExtraPassCards => "补办/增办施工证张数", "Pass cards to add or replace";
    ExtraPermits => "补办施工许可证份数", "Permits to replace";
    CollectExtras => "收费并开收据", "Collect and give a receipt";
    WithdrawalReasonLabel => "撤回原因", "Why the application is withdrawn";
    WithdrawApplication => "撤回申请并退还押金", "Withdraw the application and refund the deposits";
    CollectOwed => "收取欠款并开收据", "Collect what is owed";
    WriteOffReasonLabel => "核销原因", "Why the balance is written off";
    WriteOffReasonOf => "{payer}余额核销原因", "Why the {payer}'s balance is written off";
    WriteOffBalance => "核销余额", "Write off the balance";
    HandOverToLabel => "交给哪位部门主管", "Department supervisor handed to";
    HandOverButton => "已将 {count} 条建议移交部门主管", "Handed {count} suggestions to the supervisor";
    HandedOverState => "已移交", "Handed over";
    ManagementRequestLabel => "住户要求约见管理层（要求内容）", "The resident asks to see management (what they ask)";
    RecordManagementRequest => "登记约见要求", "Record the request";
    ManagementAnsweredByLabel => "接待的管理人员", "Who from management answered";
    ManagementOutcomeLabel => "答复结果", "What came of it";
    RecordManagementAnswer => "登记管理层答复", "Record management's answer";
    DeviceCodeBadge => "编码 {code}", "Code {code}";
    DeviceCodeClash => "编码与其他设备重复", "Code held by another device too";
    AssignNewDeviceCode => "分配新编码", "Give it a new code";
    NothingDeclared => "无（只做表面装饰）", "None (surface work only)";
    BundleClockAhead => "设备「{device}」有 {events} 条记录的时间比本机快 {ahead}：请先校准该设备的时钟，再重新导出", "{events} records of device \"{device}\" are stamped {ahead} ahead of this device: set that device's clock right, then export again";
    AheadDays => "{n} 天", "{n} days";
    AheadHours => "{n} 小时", "{n} hours";
    BundleImplausibleTime => "记录 {id} 的时间不可能（早于 2020 年或超出范围），数据包不予导入", "event {id} carries an impossible time (before 2020 or out of range): the bundle is refused";
    DamageNotAPhoto => "不是本应用保存的照片格式（{mime}）", "not a photo type this app writes ({mime})";
    BundleTooDeeplyNested => "文件嵌套层数过多，不是本应用的数据包", "the file is nested deeper than any bundle";
    BundleNotAnObject => "文件内容是{kind}，不是本应用的数据包", "the file holds {kind}, not a bundle";
    JsonList => "一个列表", "a list";
    JsonNull => "空值（null）", "null";
    JsonNumber => "一个数字", "a number";
    JsonText => "一段文字", "a piece of text";
    JsonTrueOrFalse => "一个是/否值", "a true/false value";
    BundleEnvelopeDamaged => "加密文件已损坏（{field} 不对），请重新导出", "the encrypted file is damaged (its {field} is wrong): export it again";
    ChooseOne => "请选择", "Choose…";
    PaymentMethodOf => "{payer}付款方式", "How the {payer} pays";
    RefundMethodOf => "{payer}退款方式", "How the {payer} is refunded";
    PolicyContractorDeposit => "装修保证金（施工单位）", "Renovation deposit (contractor)";
    PolicyOwnerDeposit => "装修保证金（业主）", "Renovation deposit (owner)";
    PolicyMaintenanceFee => "维护费（施工单位）", "Maintenance fee (contractor)";
    PolicyPassCardCost => "施工证工本费（每张）", "Pass card cost (each)";
    PolicyLostPassDeduction => "遗失施工证扣款（每张）", "Lost pass deduction (each)";
    PolicyPassCardDeposit => "施工证押金（每张）", "Pass card deposit (each)";
    PolicyPermitCost => "施工许可证工本费（每张）", "Permit cost (each)";
    PolicyLostPermitDeduction => "遗失许可证扣款（每张）", "Lost permit deduction (each)";
    PolicyDrawingReviewDays => "审图期限（工作日）", "Drawing review (working days)";
    PolicyRefundTargetDays => "退款目标（工作日）", "Refund target (working days)";
    PolicyRefundLimitDays => "退款期限（工作日）", "Refund limit (working days)";
    PolicyFeedbackReplyHours => "回复住户期限（小时）", "Reply to the resident (hours)";
    PolicyFollowUpVisitDays => "回访期限（天）", "Follow-up visit (days)";
    PolicyRectificationDays => "整改期限（工作日）", "Rectification (working days)";
    PolicyPatrolIntervalDays => "巡视间隔（工作日）", "Patrol interval (working days)";
    PolicyDueSoonHours => "临近到期提醒（小时）", "Due-soon warning (hours)";
    PolicyIdleLockMinutes => "无操作自动锁屏（分钟）", "Idle lock (minutes)";
    PolicyMaxClockLeadHours => "其他设备时钟最多可快（小时）", "Other devices' clocks may run ahead by at most (hours)";
    PolicyFireApproval => "消防审批的范围", "Fire approval required of";
    PolicyFeeCollection => "收费与发证的时机", "Fees and permits";
    PolicyEngineeringNotice => "立即通知工程部的事项", "Engineering is told at once of";
    FireAllUnits => "所有房屋", "every unit";
    FireCommercialOnly => "仅商业单元", "commercial units only";
    FeesBeforeReview => "审图前收费发证（手册流程）", "before the drawing review (the manual's flow)";
    FeesAfterApproval => "审图通过后收费发证", "after the drawings are approved";
    NoticeClassTwoOrEngineering => "2类投诉，以及转工程部的事项", "class 2 complaints, and cases forwarded to engineering";
    NoticeEngineeringOnly => "仅转工程部的事项", "only cases forwarded to engineering";
    NoticeEveryForward => "所有转出的事项", "every forwarded case";
    PolicyNegative => "不能为负数", "cannot be negative";
    PolicyZero => "不能为零", "cannot be zero";
    PolicyTargetOverLimit => "退款目标不能晚于退款期限", "the refund target cannot be later than the refund limit";
    PolicyTooLarge => "数值过大", "is too large";
    OfficeRulesTitle => "办公规则", "Office rules";
    OfficeRulesIntro => "本管理处的收费标准、期限和决定事项。修改会记录在案，随数据包同步到其他设备；已收的费用不受影响，新的标准只用于生效之后的收费和期限。", "This office's fees, deadlines and decisions. A change is recorded, travels to other devices in bundles, and leaves what was already charged as it was: the new values apply to what happens after they take effect.";
    FeeTableTitle => "收费标准（手册第十二条）", "Fee table (Art. 12)";
    DeadlinesGroupTitle => "期限", "Deadlines";
    DecisionsTitle => "决定事项", "Decisions";
    EffectiveFrom => "生效时间（留空则立即生效）", "Takes effect (empty: at once)";
    SaveOfficeRules => "保存办公规则", "Save the office rules";
    OfficeRulesHistory => "修改记录", "History of changes";
    OfficeRulesDefault => "手册默认值", "The manual's defaults";
    EffectiveFromLabel => "生效", "effective";
    NoRuleChanges => "还没有修改过。", "No change yet.";
    OfficeRulesNotAllowed => "只有管理员或客户服务部经理可以修改办公规则。", "Only an administrator or the CS manager changes the office rules.";
    NavCalendar => "工作日历", "Working calendar";
    CalendarIntro => "休息日和调休上班日决定所有按工作日计算的期限（审图、退款、整改、巡视）。2025、2026 年国务院公布的安排已内置；新的一年请按放假通知录入，或导入日历文件。", "Days off and make-up working days decide every deadline counted in working days (review, refund, rectification, patrol). The official schedules of 2025 and 2026 are built in; enter each new year from the holiday notice, or import a calendar file.";
    CalendarYearLabel => "年份", "Year";
    PreviousYear => "上一年", "Previous year";
    NextYear => "下一年", "Next year";
    YearHeld => "{year} 年节假日已载入", "The {year} holidays are entered";
    YearMissing => "{year} 年节假日未载入：期限按周末推算", "The {year} holidays are not entered: deadlines are counted on weekends only";
    MarkYearEntered => "确认 {year} 年节假日已全部录入", "Confirm that the {year} holidays are all entered";
    WithdrawYearEntered => "撤销“已全部录入”", "Withdraw “all entered”";
    DayOff => "休", "off";
    DayMakeUp => "班", "work";
    DayOfficeMark => "本办公室标记", "marked by this office";
    LegendHoliday => "节假日休息", "Holiday";
    LegendMakeUp => "调休上班", "Make-up working day";
    LegendWeekend => "周末", "Weekend";
    LegendOfficeMark => "带 ★ 的为本办公室的标记", "★ marks this office's own marks";
    DayEditorTitle => "修改这一天", "Change this day";
    HolidayNameLabel => "节日名称（可选）", "Holiday name (optional)";
    MarkHoliday => "设为休息日", "Make it a day off";
    MarkMakeUpWorkday => "设为调休上班日", "Make it a working day";
    UndoDayMark => "撤销本办公室的标记", "Undo this office's mark";
    DayIsWorking => "工作日", "working day";
    DayIsOff => "休息日", "day off";
    ExportCalendar => "导出 {year} 年日历文件", "Export the {year} calendar file";
    ImportCalendar => "导入日历文件", "Import a calendar file";
    CalendarImportPreview => "文件包含 {years} 年，共 {days} 天。", "The file holds {years}, {days} days in all.";
    ConfirmCalendarImport => "确认导入日历", "Import the calendar";
    CalendarRefused => "日历文件未导入，日历没有任何改动。原因：", "The calendar file was not imported and nothing changed, because:";
    CalendarImported => "已导入日历。", "Calendar imported.";
    CalTooLarge => "文件过大，不像日历文件", "the file is too large for a calendar file";
    CalNotJson => "文件不是 JSON 格式", "the file is not JSON";
    CalWrongFormat => "不是物业客服台的日历文件", "not an Estate Desk calendar file";
    CalUnsupportedVersion => "不支持的日历文件版本 {version}", "calendar file version {version} is not supported";
    CalSchema => "文件结构不符合格式：{detail}", "the file does not match the format: {detail}";
    CalNoYears => "文件没有写明年份", "the file names no year";
    CalYearOutOfRange => "{year} 年不在可设置的年份内", "{year} is outside the years a calendar holds";
    CalBadDate => "第 {index} 项的日期“{text}”无效", "entry {index}: the date “{text}” is not valid";
    CalUnknownKind => "第 {index} 项的类别“{kind}”无法识别（应为 holiday 或 make_up_workday）", "entry {index}: the kind “{kind}” is unknown (holiday or make_up_workday)";
    CalDayOutsideYears => "{date} 不在文件写明的年份内", "{date} is outside the years the file names";
    CalDuplicateDay => "{date} 出现了两次", "{date} appears twice";
    CalNameTooLong => "{date} 的名称超过 20 个字", "the name of {date} is over 20 characters";
    CalMakeUpOnWeekday => "{date} 是工作日，不能设为调休上班", "{date} is a weekday: it cannot be a make-up working day";
    KindCalendarYear => "日历年份", "Calendar years";
    NotAWholeNumber => "请填写整数", "Enter a whole number";
    CalendarFilesTitle => "日历文件", "Calendar files";
    DecodeUnknownValue => "有本应用无法识别的取值“{value}”", "it holds a value this app does not know, “{value}”";
    DecodeMissingField => "缺少字段“{field}”", "the field “{field}” is missing";
    DecodeUnknownField => "有本应用不认识的字段“{field}”", "it has a field this app does not know, “{field}”";
    DecodeWrongType => "有值的类型不对（例如该写数字的地方写了文字）", "a value is of the wrong type (text where a number belongs, say)";
    DecodeOther => "内容不符合格式", "its content is not in the format";
    DamageNotBase64 => "不是有效的 base64 编码", "it is not valid base64";
    DamageWrongSize => "实际 {bytes} 字节，文件头写的是 {declared} 字节", "{bytes} bytes, where the header says {declared}";
    DamageHashMismatch => "内容与其校验值不符", "its content does not match its SHA-256";
    CalendarFileName => "工作日历-{year}.json", "working-calendar-{year}.json";
    MonthTitle => "{month} 月", "Month {month}";
    WeekdayMon => "一", "Mo";
    WeekdayTue => "二", "Tu";
    WeekdayWed => "三", "We";
    WeekdayThu => "四", "Th";
    WeekdayFri => "五", "Fr";
    WeekdaySat => "六", "Sa";
    WeekdaySun => "日", "Su";
}

/// The UI language in context. Every string is looked up through it, so switching the
/// language re-renders every label.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Provides `lang` (this device's stored language) to the component tree.
    pub fn provide(lang: Lang) -> I18n {
        let i18n = I18n {
            lang: RwSignal::new(lang),
        };
        provide_context(i18n);
        i18n
    }

    /// The language provided by [`I18n::provide`].
    pub fn expect() -> I18n {
        expect_context::<I18n>()
    }

    /// The current language, tracked.
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    /// The string for `key` in the current language, tracked.
    pub fn t(self, key: Text) -> &'static str {
        key.in_lang(self.lang.get())
    }

    /// Switches the language at once (`device_settings::switch_language` also remembers it).
    pub fn set_lang(self, lang: Lang) {
        self.lang.set(lang);
    }
}

/// An entity kind (as bundles and projections name it) in the user's language.
pub fn kind_text(kind: &str) -> Option<Text> {
    Some(match kind {
        "renovation" => Text::KindRenovation,
        "feedback" => Text::KindFeedback,
        "patrol" => Text::KindPatrol,
        "rectification" => Text::KindRectification,
        "staff" => Text::KindStaff,
        "device" => Text::KindDevice,
        "policy" => Text::KindPolicy,
        "calendar" => Text::KindCalendar,
        "calendar_year" => Text::KindCalendarYear,
        _ => return None,
    })
}

/// A bundle problem in the user's language, with the place it names.
pub fn bundle_error_text(error: &estate_core::bundle::BundleError, lang: Lang) -> String {
    use estate_core::bundle::{BundleError as E, IdField};
    let t = |text: Text| text.in_lang(lang);
    match error {
        E::TooLarge { bytes } => fill(t(Text::BundleTooLarge), &[("bytes", bytes)]),
        E::TooDeeplyNested => t(Text::BundleTooDeeplyNested).to_owned(),
        E::NotAnObject { kind } => {
            use estate_core::bundle::JsonKind as K;
            let kind = t(match kind {
                K::List => Text::JsonList,
                K::Null => Text::JsonNull,
                K::Number => Text::JsonNumber,
                K::Text => Text::JsonText,
                K::TrueOrFalse => Text::JsonTrueOrFalse,
            });
            fill(t(Text::BundleNotAnObject), &[("kind", &kind)])
        }
        E::NotJson { line, column } => fill(
            t(Text::BundleNotJson),
            &[("line", line), ("column", column)],
        ),
        E::Truncated => t(Text::BundleTruncated).to_owned(),
        E::WrongFormat { found } => fill(t(Text::BundleWrongFormat), &[("found", found)]),
        E::FutureVersion { version } => fill(t(Text::BundleFutureVersion), &[("version", version)]),
        E::UnsupportedVersion { version } => {
            fill(t(Text::BundleUnsupportedVersion), &[("version", version)])
        }
        E::Schema { reason } => fill(
            t(Text::BundleSchema),
            &[("detail", &decode_problem_text(reason, lang))],
        ),
        E::UnsafeInteger { path } => fill(t(Text::BundleUnsafeInteger), &[("path", path)]),
        E::StringTooLong { path, bytes } => fill(
            t(Text::BundleStringTooLong),
            &[("path", path), ("bytes", bytes)],
        ),
        E::BodyHashMismatch => t(Text::BundleBodyHashMismatch).to_owned(),
        E::InvalidId { field, value } => {
            let field = t(match field {
                IdField::Event => Text::IdFieldEvent,
                IdField::Entity => Text::IdFieldEntity,
                IdField::Device => Text::IdFieldDevice,
                IdField::ActorDevice => Text::IdFieldActorDevice,
            });
            fill(
                t(Text::BundleInvalidId),
                &[("field", &field), ("value", value)],
            )
        }
        E::UnknownEventKind { id, kind } => fill(
            t(Text::BundleUnknownEventKind),
            &[("id", id), ("kind", kind)],
        ),
        E::MalformedEvent { id, reason } => fill(
            t(Text::BundleMalformedEvent),
            &[("id", id), ("detail", &decode_problem_text(reason, lang))],
        ),
        E::EventHashMismatch { id } => fill(t(Text::BundleEventHashMismatch), &[("id", id)]),
        E::ChainBroken { device, id } => fill(
            t(Text::BundleChainBroken),
            &[("device", device), ("id", id)],
        ),
        E::IdCollision { id } => fill(t(Text::BundleIdCollision), &[("id", id)]),
        E::AttachmentCorrupt { sha256, damage } => {
            use estate_core::bundle::AttachmentDamage as D;
            let detail = match damage {
                D::NotBase64 => t(Text::DamageNotBase64).to_owned(),
                D::WrongSize { bytes, declared } => fill(
                    t(Text::DamageWrongSize),
                    &[("bytes", bytes), ("declared", declared)],
                ),
                D::HashMismatch => t(Text::DamageHashMismatch).to_owned(),
                D::NotAPhoto { mime } => fill(t(Text::DamageNotAPhoto), &[("mime", mime)]),
            };
            fill(
                t(Text::BundleAttachmentCorrupt),
                &[("sha256", sha256), ("detail", &detail)],
            )
        }
        E::MissingPhoto { sha256, event } => fill(
            t(Text::BundleMissingPhoto),
            &[("sha256", sha256), ("event", event)],
        ),
        E::CountsMismatch { kind } => {
            let kind = kind_text(kind).map_or(kind.as_str(), |text| t(text));
            fill(t(Text::BundleCountsMismatch), &[("kind", &kind)])
        }
        E::BadSignature => t(Text::BundleBadSignature).to_owned(),
        E::SignerKeyMismatch { device } => {
            fill(t(Text::BundleSignerKeyMismatch), &[("device", device)])
        }
        E::SignerRevoked { device, at } => fill(
            t(Text::BundleSignerRevoked),
            &[
                ("device", device),
                (
                    "at",
                    &renovation::office_time(*at, &estate_core::Policy::default()),
                ),
            ],
        ),
        E::UnknownSignatureAlgorithm { algorithm } => fill(
            t(Text::BundleUnknownSignatureAlgorithm),
            &[("algorithm", algorithm)],
        ),
        E::ClockAhead {
            device,
            events,
            by_ms,
        } => {
            let hours = by_ms / 3_600_000;
            // Two days or more read better in days: "快 365 天", not "快 8759 小时".
            let ahead = if hours >= 48 {
                fill(t(Text::AheadDays), &[("n", &(hours / 24))])
            } else {
                fill(t(Text::AheadHours), &[("n", &hours)])
            };
            fill(
                t(Text::BundleClockAhead),
                &[("device", device), ("events", events), ("ahead", &ahead)],
            )
        }
        E::ImplausibleTime { id, .. } => fill(t(Text::BundleImplausibleTime), &[("id", id)]),
        E::EnvelopeDamaged { field } => fill(t(Text::BundleEnvelopeDamaged), &[("field", field)]),
    }
}

/// Why a file could not be read as its format says, in the user's language; a value or field
/// the file names is quoted as it is.
pub fn decode_problem_text(problem: &estate_core::bundle::DecodeProblem, lang: Lang) -> String {
    use estate_core::bundle::DecodeProblem as D;
    let t = |text: Text| text.in_lang(lang);
    match problem {
        D::UnknownValue { value } => fill(t(Text::DecodeUnknownValue), &[("value", value)]),
        D::MissingField { field } => fill(t(Text::DecodeMissingField), &[("field", field)]),
        D::UnknownField { field } => fill(t(Text::DecodeUnknownField), &[("field", field)]),
        D::WrongType => t(Text::DecodeWrongType).to_owned(),
        D::Other => t(Text::DecodeOther).to_owned(),
    }
}

/// A device card's problem in the user's language.
pub fn card_problem_text(problem: estate_core::device::CardProblem) -> Text {
    use estate_core::device::CardProblem;
    match problem {
        CardProblem::NotACard => Text::CardNotACard,
        CardProblem::UnknownVersion => Text::CardUnknownVersion,
        CardProblem::InvalidKey => Text::CardInvalidKey,
    }
}

/// A feedback status name (as projections store it) in the user's language.
pub fn feedback_status_text(status: &str) -> Option<Text> {
    Some(match status {
        "received" => Text::FeedbackReceived,
        "classified" => Text::FeedbackClassified,
        "forwarded" => Text::FeedbackForwarded,
        "in_department" => Text::FeedbackInDepartment,
        "handled" => Text::FeedbackHandled,
        "followed_up" => Text::FeedbackFollowedUp,
        "closed" => Text::FeedbackClosed,
        _ => return None,
    })
}

/// A catalogue template with its `{name}` placeholders filled in. Templates keep a sentence's
/// word order in each language, where concatenated fragments would not.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut filled = template.to_owned();
    for (name, value) in values {
        filled = filled.replace(&format!("{{{name}}}"), &value.to_string());
    }
    filled
}

/// Role names are in the catalogue so they follow the UI language.
pub fn role_text(role: estate_core::Role) -> Text {
    use estate_core::Role;
    match role {
        Role::FrontDesk => Text::RoleFrontDesk,
        Role::RenovationSupervisor => Text::RoleRenovationSupervisor,
        Role::Inspector => Text::RoleInspector,
        Role::CsManager => Text::RoleCsManager,
        Role::DepartmentHead => Text::RoleDepartmentHead,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_a_non_blank_translation_in_every_language() {
        for key in Text::ALL {
            for lang in Lang::ALL {
                assert!(
                    !key.in_lang(lang).trim().is_empty(),
                    "{key:?} is blank in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn chinese_strings_are_not_english_copies() {
        for key in Text::ALL {
            assert_ne!(
                key.in_lang(Lang::ZhCn),
                key.in_lang(Lang::En),
                "{key:?} is untranslated"
            );
        }
    }

    /// A template names the same placeholders in every language, so `fill` never leaves one
    /// unfilled or drops a value.
    #[test]
    fn templates_have_the_same_placeholders_in_every_language() {
        let placeholders = |text: &str| {
            let mut names: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
                .collect();
            estate_core::sorting::sort(&mut names);
            names.dedup();
            names
        };
        for key in Text::ALL {
            assert_eq!(
                placeholders(key.in_lang(Lang::ZhCn)),
                placeholders(key.in_lang(Lang::En)),
                "{key:?}"
            );
        }
    }

    #[test]
    fn language_tags_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_tag(lang.tag()), Some(lang));
        }
        assert_eq!(Lang::default(), Lang::ZhCn);
    }
}
