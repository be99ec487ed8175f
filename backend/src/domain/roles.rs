//! The roles a member of an organization has, and what each may do. An owner may do everything (billing, the
//! integrations, making owners); an admin everything but that (the team, the organization's settings); a member
//! the daily work (tasks, candidates, assessments). The HTTP layer checks a route's role in one place
//! (`auth::CurrentUser::require`); the team's own rules (who may change whom) are here.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Ordered by rank: a role may do whatever a lower one may.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Admin,
    Owner,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Owner, Role::Admin, Role::Member];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }

    /// The role stored in `users.role`; an unknown word (never written by the app) gets the least rights.
    pub fn parse(word: &str) -> Role {
        match word {
            "owner" => Role::Owner,
            "admin" => Role::Admin,
            _ => Role::Member,
        }
    }

    /// Who holds at least this role, for a sentence such as "Only an owner can manage billing".
    pub fn holders(self) -> &'static str {
        match self {
            Role::Owner => "an owner",
            Role::Admin => "an owner or an admin",
            Role::Member => "a member",
        }
    }

    /// Whether someone with this role may give `to` to a colleague or invite them as `to`: only an owner makes
    /// owners; an admin makes admins and members.
    pub fn may_grant(self, to: Role) -> bool {
        self >= Role::Admin && (to < Role::Owner || self == Role::Owner)
    }

    /// Whether someone with this role may change the role of, or remove, a colleague who has `theirs`: admins
    /// manage admins and members, only an owner manages an owner.
    pub fn may_manage(self, theirs: Role) -> bool {
        self >= Role::Admin && (theirs < Role::Owner || self == Role::Owner)
    }
}

#[cfg(test)]
mod tests {
    use super::Role::*;
    use super::*;

    #[test]
    fn words_round_trip_and_unknown_words_get_the_least_rights() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), role);
        }
        assert_eq!(Role::parse("superuser"), Member);
    }

    #[test]
    fn only_an_owner_makes_or_manages_owners() {
        assert!(Owner.may_grant(Owner) && Owner.may_manage(Owner));
        assert!(Admin.may_grant(Admin) && Admin.may_grant(Member));
        assert!(!Admin.may_grant(Owner) && !Admin.may_manage(Owner));
        assert!(Admin.may_manage(Admin) && Admin.may_manage(Member));
        assert!(!Member.may_grant(Member) && !Member.may_manage(Member));
    }
}
