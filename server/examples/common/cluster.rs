//! What the benchmark and the fault tests share: nginx in front of several instances (with
//! deploy/nginx/chat.conf, as scripts/cluster runs it) and fresh PostgreSQL databases.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::net::TcpStream;

/// nginx with deploy/nginx/chat.conf, its upstream list and listen port rewritten.
pub struct Nginx(pub Child);

impl Nginx {
    pub async fn start(conf: &Path, dir: &Path, port: u16, upstreams: &[u16]) -> Self {
        let text = std::fs::read_to_string(conf).expect("deploy/nginx/chat.conf");
        let mut out = String::new();
        let mut in_upstream = false;
        for line in text.lines() {
            let t = line.trim_start();
            if t.starts_with("upstream chat_instances") {
                in_upstream = true;
                out.push_str(line);
                out.push('\n');
                for p in upstreams {
                    out.push_str(&format!(
                        "    server 127.0.0.1:{p} max_fails=1 fail_timeout=2s;\n"
                    ));
                }
                continue;
            }
            if in_upstream && t.starts_with("server ") {
                continue;
            }
            if in_upstream && t.starts_with('}') {
                in_upstream = false;
            }
            if t.starts_with("listen ") {
                out.push_str(&format!("    listen 127.0.0.1:{port};\n"));
                continue;
            }
            out.push_str(line);
            out.push('\n');
        }
        let site = dir.join("chat.conf");
        std::fs::write(&site, out).unwrap();
        let d = dir.display();
        let main = format!(
            "daemon off;\nworker_processes 1;\nworker_rlimit_nofile 20000;\npid {d}/nginx.pid;\n\
             error_log {d}/nginx-error.log warn;\nuser root;\n\
             events {{ worker_connections 16384; }}\nhttp {{\n access_log off;\n\
             client_body_temp_path {d}/body; proxy_temp_path {d}/proxy;\n\
             fastcgi_temp_path {d}/fastcgi; uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;\n\
             include {};\n}}\n",
            site.display()
        );
        let main_path = dir.join("nginx.conf");
        std::fs::write(&main_path, main).unwrap();
        let nginx = if Path::new("/usr/sbin/nginx").exists() {
            "/usr/sbin/nginx"
        } else {
            "nginx"
        };
        let mut child = Command::new(nginx)
            .arg("-c")
            .arg(&main_path)
            .arg("-p")
            .arg(dir)
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx (apt-get install nginx)");
        for _ in 0..200 {
            if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Nginx(child);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "nginx did not start (its log: {}/nginx-error.log)",
            dir.display()
        );
    }
}

impl Drop for Nginx {
    /// SIGTERM, so the master stops its workers (a SIGKILLed master leaves them listening).
    fn drop(&mut self) {
        let terminated = Command::new("kill")
            .arg(self.0.id().to_string())
            .status()
            .is_ok_and(|s| s.success());
        if !terminated {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

pub fn fresh_pg_database(server_url: &str, name: &str) -> String {
    for sql in [
        format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
        format!("CREATE DATABASE \"{name}\""),
    ] {
        let ok = Command::new("psql")
            .env("PGOPTIONS", "--client-min-messages=warning")
            .arg(format!("{server_url}/postgres"))
            .args(["-qc", &sql])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "psql: {sql}");
    }
    format!("{server_url}/{name}")
}

/// Seconds of CPU (user + system) a process has used, from /proc/<pid>/stat.
pub fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the whole line: 11 and 12 after the name.
    let hz = 100.0; // sysconf(_SC_CLK_TCK) on Linux
    (ticks(11) + ticks(12)) / hz
}

/// Every running process whose command name is `name` (`postgres`, `nginx`).
pub fn pids_named(name: &str) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == name)
        })
        .collect()
}

/// CPU seconds used so far by every live process named `name` (sample before and after a
/// run while the same processes live: PostgreSQL's backends, nginx's workers).
pub fn cpu_of_named(name: &str) -> f64 {
    pids_named(name).into_iter().map(cpu_secs).sum()
}
