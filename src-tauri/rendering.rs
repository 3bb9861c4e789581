//! How WebKitGTK draws the window: on the GPU when the machine has one, on the CPU when it
//! does not.
//!
//! WebKitGTK composites and rasterizes through OpenGL. Without a GPU (a virtual machine, a
//! remote desktop, a container, Xvfb) that OpenGL is Mesa's software rasterizer, llvmpipe,
//! which must JIT-compile a shader for every new kind of drawing it meets: the Portfolio's
//! first frames cost ~200 ms each that way, against ~60 ms drawn on the CPU. WebKit does not
//! make this choice itself, so the shell does, from whether a DRM render node exists (WebKit
//! reaches a hardware GPU only through one).
//!
//! `PLUMBLINE_GPU=on|off` overrides the guess (`on` where a render node leads to a software
//! driver anyway, `off` to rule out GPU driver trouble). The start-up benchmark's bare window
//! compiles this same file, so both windows are drawn the same way.

use tauri::{Runtime, WebviewWindow};

/// Where the window's pixels are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rendering {
    /// WebKit's default: composited and rasterized with OpenGL.
    Gpu,
    /// Hardware acceleration off: WebKit paints on the CPU and composites nothing.
    Cpu,
}

impl Rendering {
    /// The choice for this machine: `PLUMBLINE_GPU` if set, otherwise the GPU exactly when
    /// there is a render node.
    pub fn for_this_machine() -> Self {
        let forced = std::env::var("PLUMBLINE_GPU").ok();
        Self::choose(forced.as_deref(), has_render_node())
    }

    fn choose(forced: Option<&str>, render_node: bool) -> Self {
        match forced
            .map(str::trim)
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("on" | "1" | "yes" | "true") => Self::Gpu,
            Some("off" | "0" | "no" | "false") => Self::Cpu,
            _ if render_node => Self::Gpu,
            _ => Self::Cpu,
        }
    }

    /// Applies the choice to a window's webview. Called right after the window is built: the
    /// page has not drawn its first frame yet, so WebKit starts directly in the chosen mode.
    pub fn apply<R: Runtime>(self, window: &WebviewWindow<R>) -> tauri::Result<()> {
        #[cfg(target_os = "linux")]
        if self == Self::Cpu {
            window.with_webview(|webview| {
                use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
                if let Some(settings) = webview.inner().settings() {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                }
            })?;
        }
        #[cfg(not(target_os = "linux"))]
        let _ = window;
        Ok(())
    }
}

/// True when `/dev/dri` holds a render node (`renderD128`, ...), the device through which
/// WebKitGTK reaches a GPU.
fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

#[cfg(test)]
mod tests {
    use super::Rendering;

    #[test]
    fn a_render_node_means_the_gpu_unless_the_partner_says_otherwise() {
        assert_eq!(Rendering::choose(None, true), Rendering::Gpu);
        assert_eq!(Rendering::choose(None, false), Rendering::Cpu);
        assert_eq!(Rendering::choose(Some("off"), true), Rendering::Cpu);
        assert_eq!(Rendering::choose(Some(" ON "), false), Rendering::Gpu);
        assert_eq!(Rendering::choose(Some("0"), true), Rendering::Cpu);
        // Anything else is not a decision: the machine decides.
        assert_eq!(Rendering::choose(Some("maybe"), false), Rendering::Cpu);
        assert_eq!(Rendering::choose(Some(""), true), Rendering::Gpu);
    }
}
