//! Whether the desktop shows tray icons. On Linux a tray icon is a StatusNotifierItem, shown
//! only when a host (`org.kde.StatusNotifierWatcher`) runs on the session bus: KDE, XFCE,
//! Cinnamon and GNOME with the AppIndicator extension have one, plain GNOME does not. Without
//! one a window hidden to the tray could not be found again, so the shell minimizes instead.

/// The bus name a tray host owns.
pub const WATCHER: &str = "org.kde.StatusNotifierWatcher";

/// Whether a tray host is on the session bus; an error says why the bus could not be asked
/// (then there is no tray either). Blocks on D-Bus: call it off the async runtime.
#[cfg(all(unix, not(target_os = "macos")))]
pub fn tray_host_present() -> Result<bool, String> {
    tray_host_on(None)
}

/// [`tray_host_present`] on the bus at `address`, or the session bus.
#[cfg(all(unix, not(target_os = "macos")))]
pub fn tray_host_on(address: Option<&str>) -> Result<bool, String> {
    zbus::block_on(async {
        let bus = match address {
            Some(address) => zbus::connection::Builder::address(address).build().await?,
            None => zbus::Connection::session().await?,
        };
        let dbus = zbus::fdo::DBusProxy::new(&bus).await?;
        let name = zbus::names::BusName::try_from(WATCHER)?;
        dbus.name_has_owner(name).await.map_err(zbus::Error::from)
    })
    .map_err(|e| format!("could not ask the session bus for a tray host: {e}"))
}

/// macOS and Windows always have a menu bar or notification area.
#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn tray_host_present() -> Result<bool, String> {
    Ok(true)
}
