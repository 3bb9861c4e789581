//! Small per-profile preferences.

use rusqlite::OptionalExtension;

use crate::{Store, StoreError};

const WINDOW_GEOMETRY: &str = "window.geometry";
pub(crate) const DEMO_SEEDED: &str = "demo.seeded";

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
}
