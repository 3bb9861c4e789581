//! The recorder on a private dbus-daemon of its own, with a real client calling it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use futures_util::StreamExt;
use plumbline_notification_recorder::{BUS_NAME, OBJECT_PATH, Recorder};
use zbus::Variant;

struct PrivateBus {
    daemon: Child,
    address: String,
}

impl PrivateBus {
    fn start() -> Self {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon (apt-get install dbus) must be installed");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().expect("stdout"))
            .read_line(&mut address)
            .expect("the bus address");
        Self {
            daemon,
            address: address.trim().to_owned(),
        }
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[test]
fn records_what_a_client_sends_and_emits_clicks() {
    let bus = PrivateBus::start();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notifications.jsonl");
    zbus::block_on(async {
        let recorder = Recorder::start(Some(&bus.address), Some(file.clone()))
            .await
            .unwrap();
        let client = zbus::connection::Builder::address(bus.address.as_str())
            .build()
            .await
            .unwrap();
        let mut hints: HashMap<&str, Variant<'_>> = HashMap::new();
        hints.insert("urgency", Variant::U8(2));
        let reply = client
            .call_method(
                Some(BUS_NAME),
                OBJECT_PATH,
                Some(BUS_NAME),
                "Notify",
                &(
                    "Plumbline",
                    0u32,
                    "",
                    "Uninstalls surged",
                    "Site Diary Sync: 14 uninstalls today",
                    vec!["default", "Open"],
                    hints,
                    -1i32,
                ),
            )
            .await
            .unwrap();
        let id: u32 = reply.body().deserialize().unwrap();
        assert_eq!(id, 1);

        let recorded = recorder.recorded();
        assert_eq!(recorded.len(), 1);
        assert_eq!(recorded[0].summary, "Uninstalls surged");
        assert_eq!(recorded[0].body, "Site Diary Sync: 14 uninstalls today");
        assert_eq!(recorded[0].actions, ["default", "Open"]);
        assert!(
            recorded[0].hints["urgency"].contains('2'),
            "{:?}",
            recorded[0].hints
        );

        let line = std::fs::read_to_string(&file).unwrap();
        let json: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
        assert_eq!(json["appName"], "Plumbline");

        // A click: the client subscribed to ActionInvoked receives it.
        let proxy = zbus::Proxy::new(&client, BUS_NAME, OBJECT_PATH, BUS_NAME)
            .await
            .unwrap();
        let mut clicks = proxy.receive_signal("ActionInvoked").await.unwrap();
        recorder.invoke_action(id, "default").await.unwrap();
        let message = clicks.next().await.expect("an ActionInvoked signal");
        let (clicked, key): (u32, String) = message.body().deserialize().unwrap();
        assert_eq!((clicked, key.as_str()), (id, "default"));
    });
}
