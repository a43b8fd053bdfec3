//! Legal status and the register events of the Implementing Regulations of
//! the Patent Law, with the rule that events move the status.

use chrono::NaiveDate;

use crate::Text;

/// The legal status shown for a patent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegalStatus {
    /// Filed or published, not yet granted (审中).
    Pending,
    /// Granted and in force (有权).
    InForce,
    /// Ceased, e.g. for an unpaid annual fee or surrender (失效/终止).
    Lapsed,
    /// Declared invalid (无效).
    Invalidated,
    /// Term ran out (期限届满).
    Expired,
    /// Application withdrawn or deemed withdrawn, or rejected (撤回/驳回).
    Withdrawn,
    Unknown,
}

impl LegalStatus {
    pub const ALL: [LegalStatus; 7] = [
        LegalStatus::Pending,
        LegalStatus::InForce,
        LegalStatus::Lapsed,
        LegalStatus::Invalidated,
        LegalStatus::Expired,
        LegalStatus::Withdrawn,
        LegalStatus::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LegalStatus::Pending => "pending",
            LegalStatus::InForce => "in_force",
            LegalStatus::Lapsed => "lapsed",
            LegalStatus::Invalidated => "invalidated",
            LegalStatus::Expired => "expired",
            LegalStatus::Withdrawn => "withdrawn",
            LegalStatus::Unknown => "unknown",
        }
    }

    /// Parses the stored code or the wording of Chinese databases
    /// (`有权-审定授权`, `审中-实质审查`, `失效-未缴年费` …).
    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim();
        if let Some(found) = Self::ALL.into_iter().find(|x| x.as_str() == s) {
            return Some(found);
        }
        let head = s.split(['-', '－', '—']).next().unwrap_or(s);
        Some(match head {
            "有权" | "授权" => LegalStatus::InForce,
            "审中" | "公开" | "实质审查" => LegalStatus::Pending,
            "无效" => LegalStatus::Invalidated,
            "期限届满" | "届满" => LegalStatus::Expired,
            "撤回" | "驳回" | "视为撤回" => LegalStatus::Withdrawn,
            "失效" | "终止" | "放弃" => {
                if s.contains("届满") {
                    LegalStatus::Expired
                } else if s.contains("撤回") || s.contains("驳回") {
                    LegalStatus::Withdrawn
                } else if s.contains("无效") {
                    LegalStatus::Invalidated
                } else {
                    LegalStatus::Lapsed
                }
            }
            _ => return None,
        })
    }

    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            LegalStatus::Pending => Text::new("审中", "Pending"),
            LegalStatus::InForce => Text::new("有效", "In force"),
            LegalStatus::Lapsed => Text::new("失效", "Lapsed"),
            LegalStatus::Invalidated => Text::new("无效", "Invalidated"),
            LegalStatus::Expired => Text::new("期限届满", "Expired"),
            LegalStatus::Withdrawn => Text::new("撤回/驳回", "Withdrawn / rejected"),
            LegalStatus::Unknown => Text::new("未知", "Unknown"),
        }
    }

    /// The status after a register event; events that do not change it
    /// (a transfer, a pledge) leave it as it was.
    pub fn after(self, event: RegisterEventKind) -> LegalStatus {
        match event {
            RegisterEventKind::Grant | RegisterEventKind::Restoration => LegalStatus::InForce,
            RegisterEventKind::Invalidation => LegalStatus::Invalidated,
            RegisterEventKind::Termination => LegalStatus::Lapsed,
            _ => self,
        }
    }
}

/// The register events a patent can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegisterEventKind {
    Grant,
    Transfer,
    Pledge,
    PledgeRelease,
    Preservation,
    PreservationRelease,
    LicenceFiling,
    Invalidation,
    Termination,
    Restoration,
    CompulsoryLicence,
    ChangeOfNameOrAddress,
}

impl RegisterEventKind {
    pub const ALL: [RegisterEventKind; 12] = [
        RegisterEventKind::Grant,
        RegisterEventKind::Transfer,
        RegisterEventKind::Pledge,
        RegisterEventKind::PledgeRelease,
        RegisterEventKind::Preservation,
        RegisterEventKind::PreservationRelease,
        RegisterEventKind::LicenceFiling,
        RegisterEventKind::Invalidation,
        RegisterEventKind::Termination,
        RegisterEventKind::Restoration,
        RegisterEventKind::CompulsoryLicence,
        RegisterEventKind::ChangeOfNameOrAddress,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RegisterEventKind::Grant => "grant",
            RegisterEventKind::Transfer => "transfer",
            RegisterEventKind::Pledge => "pledge",
            RegisterEventKind::PledgeRelease => "pledge_release",
            RegisterEventKind::Preservation => "preservation",
            RegisterEventKind::PreservationRelease => "preservation_release",
            RegisterEventKind::LicenceFiling => "licence_filing",
            RegisterEventKind::Invalidation => "invalidation",
            RegisterEventKind::Termination => "termination",
            RegisterEventKind::Restoration => "restoration",
            RegisterEventKind::CompulsoryLicence => "compulsory_licence",
            RegisterEventKind::ChangeOfNameOrAddress => "change_of_name_or_address",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim();
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s || k.label().zh() == s)
    }

    /// The name people read, in both languages.
    pub fn label(self) -> Text {
        match self {
            RegisterEventKind::Grant => Text::new("授权", "Grant"),
            RegisterEventKind::Transfer => Text::new("权利转移", "Transfer of rights"),
            RegisterEventKind::Pledge => Text::new("质押登记", "Pledge registered"),
            RegisterEventKind::PledgeRelease => Text::new("质押解除", "Pledge released"),
            RegisterEventKind::Preservation => Text::new("财产保全", "Property preservation"),
            RegisterEventKind::PreservationRelease => {
                Text::new("保全解除", "Preservation released")
            }
            RegisterEventKind::LicenceFiling => Text::new("许可合同备案", "Licence contract filed"),
            RegisterEventKind::Invalidation => Text::new("宣告无效", "Declared invalid"),
            RegisterEventKind::Termination => Text::new("专利权终止", "Patent right terminated"),
            RegisterEventKind::Restoration => Text::new("权利恢复", "Rights restored"),
            RegisterEventKind::CompulsoryLicence => Text::new("强制许可", "Compulsory licence"),
            RegisterEventKind::ChangeOfNameOrAddress => {
                Text::new("著录事项变更", "Change of name or address")
            }
        }
    }
}

/// One entry of the patent register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterEvent {
    pub date: NaiveDate,
    pub kind: RegisterEventKind,
    /// Free text from the register: new owner, pledgee, court, reason.
    pub detail: String,
}

/// Whether a registration the register opens with `on` and closes with `off`
/// (a pledge and its release, a preservation and its release) is still in
/// effect: the later of the two, by date, is an `on`.
pub fn still_registered(
    events: &[RegisterEvent],
    on: RegisterEventKind,
    off: RegisterEventKind,
) -> bool {
    let mut relevant: Vec<&RegisterEvent> = events
        .iter()
        .filter(|e| e.kind == on || e.kind == off)
        .collect();
    relevant.sort_by_key(|e| e.date);
    relevant.last().is_some_and(|e| e.kind == on)
}

/// Applies events in date order to a starting status.
pub fn status_after_events(start: LegalStatus, events: &[RegisterEvent]) -> LegalStatus {
    let mut sorted: Vec<&RegisterEvent> = events.iter().collect();
    sorted.sort_by_key(|e| e.date);
    sorted.into_iter().fold(start, |s, e| s.after(e.kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_database_wording_maps_to_a_status() {
        assert_eq!(
            LegalStatus::parse("有权-审定授权"),
            Some(LegalStatus::InForce)
        );
        assert_eq!(
            LegalStatus::parse("审中-实质审查"),
            Some(LegalStatus::Pending)
        );
        assert_eq!(
            LegalStatus::parse("失效-未缴年费"),
            Some(LegalStatus::Lapsed)
        );
        assert_eq!(
            LegalStatus::parse("失效-期限届满"),
            Some(LegalStatus::Expired)
        );
        assert_eq!(LegalStatus::parse("in_force"), Some(LegalStatus::InForce));
        assert_eq!(LegalStatus::parse("??"), None);
    }

    #[test]
    fn events_move_the_status_in_date_order() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let ev = |date, kind| RegisterEvent {
            date: d(date),
            kind,
            detail: String::new(),
        };
        let events = vec![
            ev("2023-01-01", RegisterEventKind::Restoration),
            ev("2020-01-01", RegisterEventKind::Grant),
            ev("2022-01-01", RegisterEventKind::Termination),
            ev("2023-05-01", RegisterEventKind::Pledge),
        ];
        assert_eq!(
            status_after_events(LegalStatus::Pending, &events),
            LegalStatus::InForce
        );
        assert_eq!(
            status_after_events(LegalStatus::Pending, &events[..3]),
            LegalStatus::InForce
        );
        assert_eq!(
            status_after_events(LegalStatus::Pending, &events[1..3]),
            LegalStatus::Lapsed
        );
    }
}
