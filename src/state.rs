//! Instance states as `DescribeInstances` names them.

use alloc::boxed::Box;
use core::fmt;
use core::str::FromStr;

use crate::limits::echo;
use crate::value_error::ValueError;

/// The `InstanceState` of `DescribeInstances`: the states Tencent documents, and
/// any other it may add (read as [`InstanceState::Unknown`], which blocks nothing).
///
/// ```
/// use cvm_rules::InstanceState;
/// assert_eq!("running".parse(), Ok(InstanceState::Running)); // ASCII case is ignored
/// assert_eq!("RESCUE_MODE".parse(), Ok(InstanceState::RescueMode));
/// assert_eq!(InstanceState::from_name("MIGRATING"), InstanceState::Unknown("MIGRATING".into()));
/// assert!("MIGRATING".parse::<InstanceState>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InstanceState {
    /// `PENDING`.
    Pending,
    /// `LAUNCH_FAILED`.
    LaunchFailed,
    /// `RUNNING`.
    Running,
    /// `STOPPED`.
    Stopped,
    /// `STARTING`.
    Starting,
    /// `STOPPING`.
    Stopping,
    /// `REBOOTING`.
    Rebooting,
    /// `SHUTDOWN`.
    Shutdown,
    /// `TERMINATING`.
    Terminating,
    /// `ENTER_RESCUE_MODE` (2024).
    EnterRescueMode,
    /// `RESCUE_MODE` (2024).
    RescueMode,
    /// `EXIT_RESCUE_MODE` (2024).
    ExitRescueMode,
    /// `ENTER_SERVICE_LIVE_MIGRATE` (2024).
    EnterServiceLiveMigrate,
    /// `SERVICE_LIVE_MIGRATE` (2024).
    ServiceLiveMigrate,
    /// `EXIT_SERVICE_LIVE_MIGRATE` (2024).
    ExitServiceLiveMigrate,
    /// A state this crate does not know, as given (at most 64 characters).
    Unknown(Box<str>),
}

impl InstanceState {
    /// Every known state.
    pub const ALL: [InstanceState; 15] = [
        InstanceState::Pending,
        InstanceState::LaunchFailed,
        InstanceState::Running,
        InstanceState::Stopped,
        InstanceState::Starting,
        InstanceState::Stopping,
        InstanceState::Rebooting,
        InstanceState::Shutdown,
        InstanceState::Terminating,
        InstanceState::EnterRescueMode,
        InstanceState::RescueMode,
        InstanceState::ExitRescueMode,
        InstanceState::EnterServiceLiveMigrate,
        InstanceState::ServiceLiveMigrate,
        InstanceState::ExitServiceLiveMigrate,
    ];

    /// The name `DescribeInstances` uses, such as `LAUNCH_FAILED` (an unknown state's
    /// name as given).
    pub fn as_str(&self) -> &str {
        match self {
            InstanceState::Pending => "PENDING",
            InstanceState::LaunchFailed => "LAUNCH_FAILED",
            InstanceState::Running => "RUNNING",
            InstanceState::Stopped => "STOPPED",
            InstanceState::Starting => "STARTING",
            InstanceState::Stopping => "STOPPING",
            InstanceState::Rebooting => "REBOOTING",
            InstanceState::Shutdown => "SHUTDOWN",
            InstanceState::Terminating => "TERMINATING",
            InstanceState::EnterRescueMode => "ENTER_RESCUE_MODE",
            InstanceState::RescueMode => "RESCUE_MODE",
            InstanceState::ExitRescueMode => "EXIT_RESCUE_MODE",
            InstanceState::EnterServiceLiveMigrate => "ENTER_SERVICE_LIVE_MIGRATE",
            InstanceState::ServiceLiveMigrate => "SERVICE_LIVE_MIGRATE",
            InstanceState::ExitServiceLiveMigrate => "EXIT_SERVICE_LIVE_MIGRATE",
            InstanceState::Unknown(name) => name,
        }
    }

    /// The state named `name`, ignoring ASCII case; [`InstanceState::Unknown`] for
    /// any other name (kept to 64 characters).
    pub fn from_name(name: &str) -> InstanceState {
        name.parse()
            .unwrap_or_else(|_| InstanceState::Unknown(echo(name).into()))
    }

    /// Whether this is a state this crate knows.
    pub fn is_known(&self) -> bool {
        !matches!(self, InstanceState::Unknown(_))
    }
}

impl fmt::Display for InstanceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The known states, for an [`ValueError::UnknownName`] error (a test holds it to
/// [`InstanceState::ALL`]).
const KNOWN_STATES: &str = "PENDING, LAUNCH_FAILED, RUNNING, STOPPED, STARTING, STOPPING, REBOOTING, SHUTDOWN, TERMINATING, ENTER_RESCUE_MODE, RESCUE_MODE, EXIT_RESCUE_MODE, ENTER_SERVICE_LIVE_MIGRATE, SERVICE_LIVE_MIGRATE or EXIT_SERVICE_LIVE_MIGRATE";

impl FromStr for InstanceState {
    type Err = ValueError;

    /// A known state, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InstanceState::ALL
            .into_iter()
            .find(|st| st.as_str().eq_ignore_ascii_case(s))
            .ok_or(ValueError::unknown_name("instance state", KNOWN_STATES))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn the_known_states_of_the_error_are_every_state_in_order() {
        let names: Vec<&str> = InstanceState::ALL
            .iter()
            .map(InstanceState::as_str)
            .collect();
        let (head, last) = names.split_at(names.len() - 1);
        assert_eq!(
            KNOWN_STATES,
            alloc::format!("{} or {}", head.join(", "), last[0])
        );
    }
}
