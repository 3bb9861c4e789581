//! Small per-profile preferences.

use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

const WINDOW_GEOMETRY: &str = "window.geometry";
pub(crate) const DEMO_SEEDED: &str = "demo.seeded";
const CLOSE_TO_TRAY: &str = "desktop.close_to_tray";
const TRAY_HINT_SHOWN: &str = "desktop.tray_hint_shown";

/// The main window's outer position and inner size, in physical pixels, as last left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowGeometry {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    pub maximized: bool,
}

impl WindowGeometry {
    fn encode(self) -> String {
        format!(
            "{} {} {} {} {}",
            self.x,
            self.y,
            self.width,
            self.height,
            u8::from(self.maximized)
        )
    }

    fn decode(text: &str) -> Option<Self> {
        let mut parts = text.split_ascii_whitespace();
        let geometry = Self {
            x: parts.next()?.parse().ok()?,
            y: parts.next()?.parse().ok()?,
            width: parts.next()?.parse().ok()?,
            height: parts.next()?.parse().ok()?,
            maximized: parts.next()? == "1",
        };
        (geometry.width > 0 && geometry.height > 0).then_some(geometry)
    }
}

impl Store {
    pub(crate) fn preference(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT value FROM preferences WHERE key = ?1")?
            .query_row([key], |row| row.get(0))
            .optional()?)
    }

    pub(crate) fn set_preference(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO preferences (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )?
            .execute([key, value])?;
        Ok(())
    }

    pub(crate) fn clear_preference(&self, key: &str) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("DELETE FROM preferences WHERE key = ?1")?
            .execute([key])?;
        Ok(())
    }

    /// The main window's last geometry; `None` the first time, or if the stored value is
    /// unreadable (then the window simply opens at its default size).
    pub fn window_geometry(&self) -> Result<Option<WindowGeometry>, StoreError> {
        Ok(self
            .preference(WINDOW_GEOMETRY)?
            .as_deref()
            .and_then(WindowGeometry::decode))
    }

    pub fn set_window_geometry(&self, geometry: WindowGeometry) -> Result<(), StoreError> {
        self.set_preference(WINDOW_GEOMETRY, &geometry.encode())
    }

    /// Whether closing the window leaves Plumbline running in the tray (the default).
    pub fn close_to_tray(&self) -> Result<bool, StoreError> {
        Ok(self.preference(CLOSE_TO_TRAY)?.as_deref() != Some("0"))
    }

    pub fn set_close_to_tray(&self, on: bool) -> Result<(), StoreError> {
        self.set_preference(CLOSE_TO_TRAY, if on { "1" } else { "0" })
    }

    /// True the first time it is asked, false ever after: the partner is told once that a
    /// closed window keeps Plumbline in the tray.
    pub fn take_tray_hint(&self) -> Result<bool, StoreError> {
        let first = self.preference(TRAY_HINT_SHOWN)?.is_none();
        if first {
            self.set_preference(TRAY_HINT_SHOWN, "1")?;
        }
        Ok(first)
    }
}

#[cfg(test)]
mod desktop_tests {
    use crate::Store;

    #[test]
    fn close_to_tray_defaults_on_and_the_hint_is_given_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("p.sqlite3")).expect("open");
        assert!(store.close_to_tray().expect("read"));
        store.set_close_to_tray(false).expect("write");
        assert!(!store.close_to_tray().expect("read"));
        store.set_close_to_tray(true).expect("write");
        assert!(store.close_to_tray().expect("read"));
        assert!(store.take_tray_hint().expect("first"));
        assert!(!store.take_tray_hint().expect("second"));
        drop(store);
        let store = Store::open(&dir.path().join("p.sqlite3")).expect("reopen");
        assert!(!store.take_tray_hint().expect("after a restart"));
    }
}
