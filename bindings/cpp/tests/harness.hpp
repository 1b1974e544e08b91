// A plain test runner (no third-party framework): TEST(name) registers a test, CHECK* macros throw a
// Failure, main() runs every test (or those named on the command line) and prints
// "N passed, M failed". Also starts the ofxkit sandbox FI on demand.
#ifndef OFXKIT_CPP_TEST_HARNESS_HPP
#define OFXKIT_CPP_TEST_HARNESS_HPP

#include "ofx.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace harness {

struct Failure {
    std::string message;
};

struct TestCase {
    const char *name;
    void (*fn)();
};

inline std::vector<TestCase> &registry() {
    static std::vector<TestCase> tests;
    return tests;
}

struct Registrar {
    Registrar(const char *name, void (*fn)()) { registry().push_back(TestCase{name, fn}); }
};

// ---- printing values in failure messages
inline std::string show(const std::string &s) { return "\"" + s + "\""; }
inline std::string show(std::string_view s) { return "\"" + std::string(s) + "\""; }
inline std::string show(const char *s) { return s ? "\"" + std::string(s) + "\"" : "NULL"; }
inline std::string show(bool b) { return b ? "true" : "false"; }
inline std::string show(const ofx::Decimal &d) { return "Decimal(" + d.to_string() + ")"; }
template <class T>
std::string show(const std::optional<T> &o) { return o ? show(*o) : "nullopt"; }
template <class T>
auto show(const T &v) -> std::enable_if_t<std::is_arithmetic_v<T>, std::string> { return std::to_string(v); }
template <class T>
auto show(const T &v) -> std::enable_if_t<std::is_enum_v<T>, std::string> { return std::to_string(static_cast<std::underlying_type_t<T>>(v)); }

[[noreturn]] inline void fail(const char *file, int line, const std::string &what) {
    throw Failure{std::string(file) + ":" + std::to_string(line) + ": " + what};
}

template <class A, class B>
void check_eq(const A &a, const B &b, const char *ea, const char *eb, const char *file, int line) {
    if (!(a == b)) fail(file, line, std::string("CHECK_EQ(") + ea + ", " + eb + "): " + show(a) + " != " + show(b));
}

/// Runs f, expects an exception of type E, returns a copy of it.
template <class E, class F>
E expect_throw(F &&f, const char *expr, const char *type, const char *file, int line) {
    try {
        f();
    } catch (const E &e) {
        return e;
    } catch (const std::exception &e) {
        fail(file, line, std::string(expr) + " threw another exception than " + type + ": " + typeid(e).name() + ": " + e.what());
    } catch (...) {
        fail(file, line, std::string(expr) + " threw a non-std exception instead of " + type);
    }
    fail(file, line, std::string(expr) + " did not throw " + type);
}

inline bool contains(const std::string &hay, const std::string &needle) { return hay.find(needle) != std::string::npos; }
inline bool contains(const std::optional<std::string> &hay, const std::string &needle) { return hay && contains(*hay, needle); }

// ---- environment
inline std::string env(const char *name, const std::string &fallback = {}) {
    const char *v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}
/// The repository root (OFXKIT_REPO, set by test.sh).
inline std::string repo() { return env("OFXKIT_REPO", "."); }

inline std::string read_text(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A fresh temporary directory, removed by the destructor.
struct TempDir {
    std::string path;
    TempDir() {
        std::string tmpl = env("TMPDIR", "/tmp") + "/ofxkit-cpp-XXXXXX";
        std::vector<char> buf(tmpl.begin(), tmpl.end());
        buf.push_back('\0');
        if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
        path = buf.data();
    }
    ~TempDir() {
        std::string cmd = "rm -rf '" + path + "'";
        if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "could not remove %s\n", path.c_str());
    }
    TempDir(const TempDir &) = delete;
    TempDir &operator=(const TempDir &) = delete;
};

/// Reads the string value of "key" in a flat JSON object (enough for the sandbox's ready file).
inline std::string json_string(const std::string &json, const std::string &key) {
    auto k = json.find("\"" + key + "\"");
    if (k == std::string::npos) return {};
    auto colon = json.find(':', k);
    auto q1 = json.find('"', colon);
    auto q2 = json.find('"', q1 + 1);
    if (colon == std::string::npos || q1 == std::string::npos || q2 == std::string::npos) return {};
    return json.substr(q1 + 1, q2 - q1 - 1);
}

/// A sandbox FI process (`ofxkit sandbox`), killed by the destructor. Sandbox::get() is the shared
/// one, started by the first test that asks for it and stopped when the runner ends; tests of fault
/// modes start their own with extra arguments (e.g. {"--fault", "status:503"}).
class Sandbox {
public:
    std::string url, ca;

    explicit Sandbox(const std::vector<std::string> &extra = {}) { start(extra); }
    ~Sandbox() { stop(); }
    Sandbox(const Sandbox &) = delete;
    Sandbox &operator=(const Sandbox &) = delete;

    static std::unique_ptr<Sandbox> &shared() {
        static std::unique_ptr<Sandbox> sb;
        return sb;
    }
    /// The shared sandbox (started on first use).
    static Sandbox &get() {
        if (!shared()) shared() = std::make_unique<Sandbox>();
        return *shared();
    }

    void stop() {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            int status = 0;
            bool gone = false;
            for (int i = 0; i < 250 && !gone; ++i) {
                gone = waitpid(pid_, &status, WNOHANG) == pid_;
                if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
            if (!gone) {
                kill(pid_, SIGKILL);
                waitpid(pid_, &status, 0);
            }
            pid_ = -1;
        }
        dir_.reset();
    }

private:
    pid_t pid_ = -1;
    std::unique_ptr<TempDir> dir_;

    void start(const std::vector<std::string> &extra) {
        std::string bin = env("OFXKIT_BIN", repo() + "/target/release/ofxkit");
        dir_ = std::make_unique<TempDir>();
        std::string ready = dir_->path + "/ready.json";
        std::string log = dir_->path + "/sandbox.log";
        std::vector<std::string> args = {bin, "sandbox", "--port", "0", "--ready-file", ready, "--quiet"};
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char *> argv;
        for (auto &a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t pid = fork();
        if (pid < 0) throw std::runtime_error("fork failed");
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM); // never outlive the runner
            if (std::freopen(log.c_str(), "w", stdout) == nullptr || dup2(fileno(stdout), 2) < 0) _exit(126);
            execv(bin.c_str(), argv.data());
            std::perror(("exec " + bin).c_str());
            _exit(127);
        }
        pid_ = pid;
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error("the sandbox (" + bin + ") exited before it was ready: " + read_text(log));
            }
            std::string text = read_text(ready);
            if (contains(text, "\"ca\"") && contains(text, "}")) {
                url = json_string(text, "url");
                ca = json_string(text, "ca");
                if (!url.empty() && !ca.empty()) return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        stop();
        throw std::runtime_error("the sandbox did not get ready within 60 s");
    }
};

/// A plain-HTTP server on 127.0.0.1 that answers every POST with one canned body (for client paths
/// the sandbox cannot produce yet; the client needs allow_http=true). Stopped by the destructor.
class CannedServer {
public:
    explicit CannedServer(std::string body, std::string content_type = "application/x-ofx") : body_(std::move(body)), type_(std::move(content_type)) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        if (fd_ < 0) throw std::runtime_error("socket failed");
        int one = 1;
        setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        socklen_t len = sizeof addr;
        if (bind(fd_, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || listen(fd_, 8) != 0 ||
            getsockname(fd_, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
            close(fd_);
            throw std::runtime_error("bind/listen failed");
        }
        url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/ofx";
        thread_ = std::thread([this] { serve(); });
    }
    ~CannedServer() {
        shutdown(fd_, SHUT_RDWR);
        close(fd_);
        thread_.join();
    }
    CannedServer(const CannedServer &) = delete;
    CannedServer &operator=(const CannedServer &) = delete;

    std::string url;
    /// The request bodies served so far.
    std::vector<std::string> requests() const {
        std::lock_guard<std::mutex> lock(mu_);
        return requests_;
    }

private:
    void serve() {
        for (int served = 0; served < 100; ++served) { // bounded
            int c = accept(fd_, nullptr, nullptr);
            if (c < 0) return;
            std::string in;
            char buf[4096];
            std::size_t want = std::string::npos;
            while (true) {
                auto head_end = in.find("\r\n\r\n");
                if (head_end != std::string::npos && want == std::string::npos) {
                    std::size_t cl = 0;
                    auto k = in.find("Content-Length:");
                    if (k == std::string::npos) k = in.find("content-length:");
                    if (k != std::string::npos) cl = std::stoul(in.substr(k + 15));
                    want = head_end + 4 + cl;
                }
                if (want != std::string::npos && in.size() >= want) break;
                ssize_t n = recv(c, buf, sizeof buf, 0);
                if (n <= 0) break;
                in.append(buf, std::size_t(n));
            }
            auto head_end = in.find("\r\n\r\n");
            {
                std::lock_guard<std::mutex> lock(mu_);
                requests_.push_back(head_end == std::string::npos ? in : in.substr(head_end + 4));
            }
            std::string out = "HTTP/1.1 200 OK\r\nContent-Type: " + type_ + "\r\nContent-Length: " + std::to_string(body_.size()) +
                              "\r\nConnection: close\r\n\r\n" + body_;
            for (std::size_t off = 0; off < out.size();) {
                ssize_t n = send(c, out.data() + off, out.size() - off, MSG_NOSIGNAL);
                if (n <= 0) break;
                off += std::size_t(n);
            }
            close(c);
        }
    }
    std::string body_, type_;
    mutable std::mutex mu_;
    std::vector<std::string> requests_;
    int fd_ = -1;
    std::thread thread_;
};

inline int run_all(int argc, char **argv) {
    int passed = 0, failed = 0;
    for (const TestCase &t : registry()) {
        if (argc > 1) {
            bool wanted = false;
            for (int i = 1; i < argc; ++i) wanted |= std::strcmp(argv[i], t.name) == 0;
            if (!wanted) continue;
        }
        auto t0 = std::chrono::steady_clock::now();
        std::string error;
        try {
            t.fn();
        } catch (const Failure &f) {
            error = f.message;
        } catch (const std::exception &e) {
            error = std::string("unexpected exception ") + typeid(e).name() + ": " + e.what();
        } catch (...) {
            error = "unexpected non-std exception";
        }
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
        if (error.empty()) {
            ++passed;
            std::printf("ok   %s (%lld ms)\n", t.name, static_cast<long long>(ms));
        } else {
            ++failed;
            std::printf("FAIL %s (%lld ms)\n     %s\n", t.name, static_cast<long long>(ms), error.c_str());
        }
        std::fflush(stdout);
    }
    Sandbox::shared().reset();
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}

} // namespace harness

#define TEST(name)                                                                                     \
    static void name();                                                                                \
    static harness::Registrar registrar_##name(#name, &name);                                          \
    static void name()

#define CHECK(cond)                                                                                    \
    do {                                                                                               \
        if (!(cond)) harness::fail(__FILE__, __LINE__, "CHECK(" #cond ")");                          \
    } while (0)

#define CHECK_EQ(a, b) harness::check_eq((a), (b), #a, #b, __FILE__, __LINE__)

/// CHECK_THROWS(Type, statement) evaluates to a copy of the caught exception.
#define CHECK_THROWS(Type, ...) harness::expect_throw<Type>([&]() { __VA_ARGS__; }, #__VA_ARGS__, #Type, __FILE__, __LINE__)

#endif
