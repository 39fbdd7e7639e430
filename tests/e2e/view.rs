//! `qiime tools view`: a visualization served over HTTP on 127.0.0.1, or its index path printed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use qiime2::sdk::PluginManager;
use qiime2::usage::run_example;

use crate::common::qiime_with_plugins;

/// Runs mystery-stew's usage example into `dir`: returns its visualization and its artifact.
fn example_results(dir: &Path) -> (PathBuf, PathBuf) {
    let pm = PluginManager::load_from(crate::common::plugin_dirs());
    let plugin = pm.plugin("mystery-stew").unwrap();
    let example = plugin
        .descriptor
        .actions
        .iter()
        .flat_map(|a| &a.examples)
        .next()
        .unwrap();
    let saved = run_example(&pm, plugin, example, dir).unwrap();
    let find = |extension: &str| {
        saved
            .iter()
            .map(|s| s.path.clone())
            .find(|p| p.extension().is_some_and(|e| e == extension))
            .unwrap()
    };
    (find("qzv"), find("qza"))
}

/// The bytes of the archive entry `<uuid>/data/index.html`.
fn archived_index(qzv: &Path) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(qzv).unwrap()).unwrap();
    let mut bytes = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        if name.ends_with("/data/index.html") && name.matches('/').count() == 2 {
            entry.read_to_end(&mut bytes).unwrap();
            return bytes;
        }
    }
    panic!("{} has no data/index.html", qzv.display());
}

/// A running `qiime tools view`, killed when the test ends (even when it fails).
struct Server {
    child: std::process::Child,
    port: u16,
    token: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts `qiime tools view <qzv> <extra>` with `TMPDIR` set to `tmp`; waits for its address.
    fn start(qzv: &Path, tmp: &Path, extra: &[&str]) -> Self {
        let program = qiime_with_plugins().get_program().to_owned();
        let mut child = Command::new(program)
            .args(["tools", "view"])
            .arg(qzv)
            .args(extra)
            .env("TMPDIR", tmp)
            .env_remove("BROWSER")
            .env_remove("DISPLAY")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut url = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut url)
            .unwrap();
        let rest = url
            .trim()
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("no address printed: {url:?}"));
        let (port, path) = rest.split_once('/').unwrap();
        let (token, page) = path.split_once('/').unwrap();
        assert_eq!(page, "index.html");
        assert_eq!(token.len(), 32, "a random token: {token}");
        Server {
            child,
            port: port.parse().unwrap(),
            token: token.to_owned(),
        }
    }

    /// Sends `request` as is; returns the response's head and body.
    fn raw(&self, request: &[u8]) -> (String, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.write_all(request).unwrap();
        let mut reply = Vec::new();
        let _ = stream.read_to_end(&mut reply);
        let split = reply
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(reply.len());
        let head = String::from_utf8_lossy(&reply[..split]).into_owned();
        (head, reply.get(split + 4..).unwrap_or_default().to_vec())
    }

    /// `GET target` naming this server as its host.
    fn get(&self, target: &str) -> (String, Vec<u8>) {
        let port = self.port;
        self.raw(
            format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    }

    /// The peak resident memory of the server so far, in kB.
    fn peak_rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
            .unwrap()
    }
}

/// A new folder for `TMPDIR`.
fn temp_folder(dir: &Path) -> PathBuf {
    let tmp = dir.join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    tmp
}

#[test]
fn a_visualization_is_served_under_a_secret_address_to_this_host_only() {
    let dir = tempfile::tempdir().unwrap();
    let (qzv, _) = example_results(dir.path());
    let server = Server::start(&qzv, &temp_folder(dir.path()), &[]);
    let token = server.token.clone();
    let (head, body) = server.get(&format!("/{token}/index.html"));
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(head.contains("referrer-policy: no-referrer"), "{head}");
    assert_eq!(body, archived_index(&qzv));
    let (head, _) = server.get(&format!("/{token}/"));
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    for refused in [
        "/index.html".to_owned(),
        format!("/{}/index.html", "0".repeat(32)),
        format!("/{token}/../../etc/passwd"),
        format!("/{token}/%2e%2e/%2e%2e/etc/passwd"),
        format!("/{token}/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd"),
    ] {
        let (head, _) = server.get(&refused);
        assert!(head.starts_with("HTTP/1.1 404"), "{refused}: {head}");
    }
    let port = server.port;
    let (head, _) = server.raw(
        format!("GET /{token}/index.html HTTP/1.1\r\nHost: evil.example:{port}\r\n\r\n").as_bytes(),
    );
    assert!(
        head.starts_with("HTTP/1.1 403"),
        "another host name: {head}"
    );
    let (head, _) = server.raw(format!("POST /{token}/index.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\r\n").as_bytes());
    assert!(head.starts_with("HTTP/1.1 405"), "{head}");
}

#[test]
fn a_folder_another_user_planted_is_never_served() {
    let dir = tempfile::tempdir().unwrap();
    let (qzv, _) = example_results(dir.path());
    let tmp = temp_folder(dir.path());
    // What the old server reused: `$TMPDIR/q2rs-view/<uuid>/data/`, made first by someone else,
    // with a page of theirs and a link to a file only the viewer may read.
    let uuid = qiime2::archive::peek(&qzv).unwrap().metadata.uuid;
    let planted = tmp.join("q2rs-view").join(uuid.to_string()).join("data");
    std::fs::create_dir_all(&planted).unwrap();
    std::fs::write(planted.join("index.html"), "<p>planted</p>").unwrap();
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "only the viewer may read this").unwrap();
    std::os::unix::fs::symlink(&secret, planted.join("secret.txt")).unwrap();
    let server = Server::start(&qzv, &tmp, &[]);
    let token = server.token.clone();
    let (_, body) = server.get(&format!("/{token}/index.html"));
    assert_eq!(body, archived_index(&qzv), "the planted page was served");
    let (head, _) = server.get(&format!("/{token}/secret.txt"));
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
}

#[test]
fn oversized_and_slow_requests_are_cut_off_with_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let (qzv, _) = example_results(dir.path());
    let server = Server::start(&qzv, &temp_folder(dir.path()), &[]);
    let before = server.peak_rss_kb();
    // A request line of 64 MB: refused long before it ends.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    let chunk = vec![b'a'; 1 << 20];
    let _ = stream.write_all(b"GET /");
    for _ in 0..64 {
        if stream.write_all(&chunk).is_err() {
            break;
        }
    }
    drop(stream);
    // A client that sends half a request and waits is disconnected.
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    slow.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let started = std::time::Instant::now();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "a slow client was kept for {:?}",
        started.elapsed()
    );
    let after = server.peak_rss_kb();
    assert!(
        after < before + 32 * 1024,
        "memory grew from {before} kB to {after} kB"
    );
    // It still serves.
    let (head, _) = server.get(&format!("/{}/index.html", server.token));
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
}

#[test]
fn ctrl_c_stops_serving_and_removes_the_extracted_copy() {
    use std::os::unix::fs::PermissionsExt;
    for signal in ["-INT", "-TERM"] {
        let dir = tempfile::tempdir().unwrap();
        let (qzv, _) = example_results(dir.path());
        let tmp = temp_folder(dir.path());
        let mut server = Server::start(&qzv, &tmp, &[]);
        let copies: Vec<PathBuf> = walk(&tmp)
            .into_iter()
            .filter(|p| p.ends_with("data/index.html"))
            .collect();
        assert_eq!(copies.len(), 1, "{copies:?}");
        // The copy lies in private folders (the run's scratch folder, the extraction's own).
        let private: Vec<&Path> = copies[0]
            .ancestors()
            .take_while(|p| *p != tmp)
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("q2rs-")
            })
            .collect();
        assert_eq!(private.len(), 2, "{private:?}");
        for folder in private {
            let mode = std::fs::metadata(folder).unwrap().permissions().mode();
            assert_eq!(
                mode & 0o777,
                0o700,
                "{} is open to others",
                folder.display()
            );
        }
        let sent = Command::new("kill")
            .args([signal, &server.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = server.child.wait().unwrap();
        let mut stderr = String::new();
        server
            .child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        assert_eq!(status.code(), Some(0), "{signal}: {stderr}");
        assert!(stderr.ends_with("Stopped serving.\n"), "{stderr}");
        assert_eq!(
            walk(&tmp),
            Vec::<PathBuf>::new(),
            "left behind after {signal}"
        );
    }
}

#[test]
fn a_port_can_be_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let (qzv, _) = example_results(dir.path());
    let free = std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port = free.to_string();
    let server = Server::start(&qzv, &temp_folder(dir.path()), &["--port", &port]);
    assert_eq!(server.port, free);
    let (head, _) = server.get(&format!("/{}/index.html", server.token));
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
}

#[test]
fn a_changed_visualization_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (qzv, _) = example_results(dir.path());
    let tampered = dir.path().join("tampered.qzv");
    crate::common::rewrite_entry(&qzv, &tampered, "/data/index.html", b"<p>changed</p>");
    let out = qiime_with_plugins()
        .args(["tools", "view"])
        .arg(&tampered)
        .assert()
        .code(1)
        .stdout("");
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("tampered.qzv") && err.contains("data/index.html"),
        "{err}"
    );
}

/// Every file below `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() && !path.is_symlink() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn index_only_prints_a_private_copy_of_the_index() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (qzv, _) = example_results(dir.path());
    let tmp = temp_folder(dir.path());
    let out = qiime_with_plugins()
        .env("TMPDIR", &tmp)
        .args(["tools", "view", "--index-only"])
        .arg(&qzv)
        .assert()
        .success();
    let printed = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let index = PathBuf::from(printed.trim_end());
    assert!(index.ends_with("data/index.html"), "{printed}");
    assert_eq!(std::fs::read(&index).unwrap(), archived_index(&qzv));
    let private = index
        .ancestors()
        .find(|p| p.parent() == Some(&tmp))
        .unwrap();
    let mode = std::fs::metadata(private).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "{}", private.display());
}

#[test]
fn an_artifact_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, qza) = example_results(dir.path());
    let out = qiime_with_plugins()
        .args(["tools", "view"])
        .arg(&qza)
        .assert()
        .code(1)
        .stdout("");
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("it is an artifact of type IntSequence1, not a visualization"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}
