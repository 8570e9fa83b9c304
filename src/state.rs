//! Instance states as `DescribeInstances` names them (spec sections 6 and 19).

use core::fmt;
use core::str::FromStr;

/// The `InstanceState` of `DescribeInstances`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
}

impl InstanceState {
    /// Every state.
    pub const ALL: [InstanceState; 9] = [
        InstanceState::Pending,
        InstanceState::LaunchFailed,
        InstanceState::Running,
        InstanceState::Stopped,
        InstanceState::Starting,
        InstanceState::Stopping,
        InstanceState::Rebooting,
        InstanceState::Shutdown,
        InstanceState::Terminating,
    ];

    /// The name `DescribeInstances` uses, such as `LAUNCH_FAILED`.
    pub const fn as_str(self) -> &'static str {
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
        }
    }
}

impl fmt::Display for InstanceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an [`InstanceState`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownState;

impl fmt::Display for UnknownState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown InstanceState (expected PENDING, LAUNCH_FAILED, RUNNING, STOPPED, STARTING, STOPPING, REBOOTING, SHUTDOWN or TERMINATING)")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for UnknownState {}

impl FromStr for InstanceState {
    type Err = UnknownState;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InstanceState::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or(UnknownState)
    }
}
