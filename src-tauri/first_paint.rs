//! The window's first paint as a milestone that background work waits for. On two cores the
//! scheduler's first round (the reference check, an alerts pass over every app) and demo mode's
//! first-start imports would take the CPU from WebKit's web process while it draws the first
//! screen; they start once it has painted instead, which costs them a few hundred
//! milliseconds that nobody waits for.

use std::time::Duration;

use tokio::sync::watch;

/// If the page never says it painted (a broken UI build, a window the desktop never maps),
/// background work starts anyway after this long.
const BACKSTOP: Duration = Duration::from_secs(5);

pub(crate) struct FirstPaint(watch::Sender<bool>);

impl Default for FirstPaint {
    fn default() -> Self {
        Self(watch::channel(false).0)
    }
}

impl FirstPaint {
    /// The page reported its first paint (each window does; only the first one matters).
    pub(crate) fn painted(&self) {
        self.0.send_replace(true);
    }

    /// Resolves once the first screen has painted, or after [`BACKSTOP`].
    pub(crate) fn wait(&self) -> impl Future<Output = ()> + Send + use<> {
        let mut painted = self.0.subscribe();
        async move {
            let _ = tokio::time::timeout(BACKSTOP, painted.wait_for(|p| *p)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn waits_for_the_paint_or_the_backstop() {
        let first = FirstPaint::default();
        let waiting = tokio::spawn(first.wait());
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!waiting.is_finished(), "it went ahead before the paint");
        first.painted();
        tokio::time::timeout(Duration::from_millis(10), waiting)
            .await
            .expect("the paint released it")
            .expect("the task ran");
        // Painted already: no wait at all.
        tokio::time::timeout(Duration::from_millis(1), first.wait())
            .await
            .expect("no wait once painted");
        // Never painted: the backstop releases it.
        let never = FirstPaint::default();
        let started = tokio::time::Instant::now();
        never.wait().await;
        assert_eq!(started.elapsed(), BACKSTOP);
    }
}
