//! The simulator's mutable state: tokens, codes, rate-limit windows, counters.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

use crate::clock::SimClock;
use crate::faults::Faults;
use crate::rng::Rng;
use crate::scenario::Scenario;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    AuthorizationCode,
    ClientCredentials,
}

#[derive(Debug, Clone)]
pub struct AccessToken {
    pub app: usize,
    pub grant: Grant,
    pub issued_at: i64,
    pub expires_at: i64,
    pub revoked: bool,
}

#[derive(Debug, Clone)]
pub struct RefreshToken {
    pub app: usize,
    pub used: bool,
}

#[derive(Debug, Clone)]
pub struct AuthCode {
    pub app: usize,
    pub redirect_uri: String,
    pub expires_at: i64,
    pub used: bool,
}

/// A fixed rate-limit window: `count` requests since `started`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Window {
    pub started: i64,
    pub count: u64,
}

#[derive(Debug, Default)]
pub struct Limits {
    pub hourly: Window,
    pub spike: Window,
}

/// Everything that changes while the simulator runs.
pub struct Live {
    pub scenario: Scenario,
    pub faults: Faults,
    pub rng: Rng,
    pub access: HashMap<String, AccessToken>,
    pub refresh: HashMap<String, RefreshToken>,
    pub codes: HashMap<String, AuthCode>,
    /// Rate-limit windows per access token.
    pub limits: HashMap<String, Limits>,
    pub api_requests: u64,
    pub burst_remaining: u64,
    /// Requests served, by "METHOD /route" and by status.
    pub by_route: BTreeMap<String, u64>,
    pub by_status: BTreeMap<u16, u64>,
}

pub struct SimState {
    pub clock: SimClock,
    pub reference: crate::reference::Reference,
    pub token_lifetime: i64,
    pub hourly_limit: u64,
    pub spike_limit: u64,
    live: Mutex<Live>,
}

impl SimState {
    pub fn new(
        scenario: Scenario,
        faults: Faults,
        token_lifetime: i64,
        hourly_limit: u64,
        spike_limit: u64,
    ) -> Self {
        let clock = SimClock::starting_at(scenario.start);
        let rng = Rng::new(scenario.seed.wrapping_mul(31).wrapping_add(7));
        Self {
            clock,
            reference: crate::reference::Reference::render(&scenario),
            token_lifetime,
            hourly_limit,
            spike_limit,
            live: Mutex::new(Live {
                scenario,
                faults,
                rng,
                access: HashMap::new(),
                refresh: HashMap::new(),
                codes: HashMap::new(),
                limits: HashMap::new(),
                api_requests: 0,
                burst_remaining: 0,
                by_route: BTreeMap::new(),
                by_status: BTreeMap::new(),
            }),
        }
    }

    /// The state, whatever a panicking handler left (every change is a few field writes).
    pub fn live(&self) -> MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Live {
    pub fn token(&mut self, prefix: &str) -> String {
        format!("{prefix}{}", self.rng.hex(40))
    }

    pub fn app_by_client(&self, client_id: &str) -> Option<usize> {
        self.scenario
            .apps
            .iter()
            .position(|a| a.client_id == client_id)
    }
}
