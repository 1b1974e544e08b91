// ofx.hpp: the C++17 binding of ofxkit (header-only, over the C API in include/ofx.h).
//
//   #include "ofx.hpp"   // compile with -I<repo>/include -I<repo>/bindings/cpp, link -lofxkit
//
// Shape (namespace ofx):
// - Handles are move-only RAII classes whose destructors free the native object exactly once:
//   Response, Request, Image, Batch, Client. `close()` frees early; any call after close() (or on a
//   moved-from object) throws ofx::ClosedError. Borrowed responses (Batch::item_response, and
//   Response::view()) are ResponseView objects that check, on every call, that their owner is still
//   alive and unchanged, so they throw ClosedError instead of reading freed memory.
// - Failures throw ofx::Error (code(), name() such as "OFX_RESULT_DNS", message()) or a derived class
//   per code family (ParseError > NotOfxError, TransportError > DnsError, TlsError > CertificateError,
//   HttpStatusError, RefusedError, ...).
// - Typed views (Statement, Transaction, Position, Security, ...) are plain structs of std::string /
//   std::optional<std::string> COPIED out of the response: they stay valid after the response is
//   freed. Amounts are exact decimal strings plus ofx::Decimal (int64 mantissa + scale, no floating
//   point); dates are ISO 8601 strings (UTC) and, for transactions, std::chrono time points.
// - Callbacks are std::function objects kept in heap state that the native side owns and frees through
//   userdata_free. Trampolines are noexcept: an exception thrown by a callback is caught, the native
//   side gets a safe value (TLS decision: reject; sync: stop), and the first exception is rethrown
//   from the C++ call that triggered the callback once the native call has returned.
#ifndef OFXKIT_OFX_HPP
#define OFXKIT_OFX_HPP

#include "ofx.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ofx {

// ------------------------------------------------------------------------------------------------
// Versions and result codes
// ------------------------------------------------------------------------------------------------

/// The library's version ("MAJOR.MINOR.PATCH").
inline std::string version() { return ofx_version(); }

/// The constant name of a result code ("OFX_RESULT_DNS"); "OFX_RESULT_UNKNOWN" for unknown codes.
inline const char *result_name(uint32_t code) noexcept {
    switch (code) {
    case OFX_RESULT_OK: return "OFX_RESULT_OK";
    case OFX_RESULT_INVALID_ARGUMENT: return "OFX_RESULT_INVALID_ARGUMENT";
    case OFX_RESULT_NULL_POINTER: return "OFX_RESULT_NULL_POINTER";
    case OFX_RESULT_PANIC: return "OFX_RESULT_PANIC";
    case OFX_RESULT_INVALID_UTF8: return "OFX_RESULT_INVALID_UTF8";
    case OFX_RESULT_NOT_FOUND: return "OFX_RESULT_NOT_FOUND";
    case OFX_RESULT_IO: return "OFX_RESULT_IO";
    case OFX_RESULT_NOT_OFX: return "OFX_RESULT_NOT_OFX";
    case OFX_RESULT_NO_CONTENT: return "OFX_RESULT_NO_CONTENT";
    case OFX_RESULT_STRICT_VIOLATION: return "OFX_RESULT_STRICT_VIOLATION";
    case OFX_RESULT_TOO_LARGE: return "OFX_RESULT_TOO_LARGE";
    case OFX_RESULT_UNSUPPORTED_VERSION: return "OFX_RESULT_UNSUPPORTED_VERSION";
    case OFX_RESULT_CONFIG: return "OFX_RESULT_CONFIG";
    case OFX_RESULT_REQUEST: return "OFX_RESULT_REQUEST";
    case OFX_RESULT_INVALID_URL: return "OFX_RESULT_INVALID_URL";
    case OFX_RESULT_DNS: return "OFX_RESULT_DNS";
    case OFX_RESULT_CONNECT: return "OFX_RESULT_CONNECT";
    case OFX_RESULT_TIMEOUT: return "OFX_RESULT_TIMEOUT";
    case OFX_RESULT_TLS: return "OFX_RESULT_TLS";
    case OFX_RESULT_CERTIFICATE: return "OFX_RESULT_CERTIFICATE";
    case OFX_RESULT_RESET: return "OFX_RESULT_RESET";
    case OFX_RESULT_HTTP_STATUS: return "OFX_RESULT_HTTP_STATUS";
    case OFX_RESULT_EMPTY_BODY: return "OFX_RESULT_EMPTY_BODY";
    case OFX_RESULT_RESPONSE_TOO_LARGE: return "OFX_RESULT_RESPONSE_TOO_LARGE";
    case OFX_RESULT_PROXY: return "OFX_RESULT_PROXY";
    case OFX_RESULT_NETWORK: return "OFX_RESULT_NETWORK";
    case OFX_RESULT_BAD_RESPONSE: return "OFX_RESULT_BAD_RESPONSE";
    case OFX_RESULT_TRUNCATED: return "OFX_RESULT_TRUNCATED";
    case OFX_RESULT_NOT_ANSWERED: return "OFX_RESULT_NOT_ANSWERED";
    case OFX_RESULT_SIGNON_FAILED: return "OFX_RESULT_SIGNON_FAILED";
    case OFX_RESULT_NOT_POSTED: return "OFX_RESULT_NOT_POSTED";
    case OFX_RESULT_REFUSED: return "OFX_RESULT_REFUSED";
    case OFX_RESULT_CALLBACK_STOPPED: return "OFX_RESULT_CALLBACK_STOPPED";
    }
    return "OFX_RESULT_UNKNOWN";
}

/// The library's human-readable description of a code (`ofx_result_str`).
inline std::string result_description(uint32_t code) { return ofx_result_str(code); }

// ------------------------------------------------------------------------------------------------
// Errors
// ------------------------------------------------------------------------------------------------

/// Every failure of the binding: the `ofx_result` code, its constant name and the library's message.
class Error : public std::runtime_error {
public:
    Error(uint32_t code, std::string message)
        : std::runtime_error(std::string(result_name(code)) + " (" + std::to_string(code) + "): " + message),
          code_(code), message_(std::move(message)) {}
    /// The `ofx_result` code (e.g. OFX_RESULT_DNS = 203).
    uint32_t code() const noexcept { return code_; }
    /// The code's constant name, e.g. "OFX_RESULT_DNS".
    const char *name() const noexcept { return result_name(code_); }
    /// The library's description of the code (`ofx_result_str`).
    std::string description() const { return ofx_result_str(code_); }
    /// The message of the failed call (from ofx_client_errmsg / ofx_batch_errmsg /
    /// ofx_last_error_message, or the binding's own text).
    const std::string &message() const noexcept { return message_; }

private:
    uint32_t code_;
    std::string message_;
};

#define OFXKIT_HPP_ERROR(Name, Base)                                                                   \
    class Name : public Base {                                                                         \
    public:                                                                                            \
        using Base::Base;                                                                              \
    };

/// Calling errors (1-99).
OFXKIT_HPP_ERROR(UsageError, Error)
OFXKIT_HPP_ERROR(InvalidArgumentError, UsageError)
OFXKIT_HPP_ERROR(NullPointerError, UsageError)
OFXKIT_HPP_ERROR(InternalError, UsageError)
OFXKIT_HPP_ERROR(InvalidUtf8Error, UsageError)
OFXKIT_HPP_ERROR(NotFoundError, UsageError)
OFXKIT_HPP_ERROR(IoError, UsageError)
/// Reading errors (100-199).
OFXKIT_HPP_ERROR(ParseError, Error)
OFXKIT_HPP_ERROR(NotOfxError, ParseError)
OFXKIT_HPP_ERROR(NoContentError, ParseError)
OFXKIT_HPP_ERROR(StrictViolationError, ParseError)
/// Client configuration and request building (200, 201).
OFXKIT_HPP_ERROR(ConfigError, Error)
OFXKIT_HPP_ERROR(RequestError, Error)
/// Talking to the FI (202-215).
OFXKIT_HPP_ERROR(TransportError, Error)
OFXKIT_HPP_ERROR(InvalidUrlError, TransportError)
OFXKIT_HPP_ERROR(DnsError, TransportError)
OFXKIT_HPP_ERROR(ConnectError, TransportError)
OFXKIT_HPP_ERROR(TimeoutError, TransportError)
OFXKIT_HPP_ERROR(TlsError, TransportError)
OFXKIT_HPP_ERROR(CertificateError, TlsError)
OFXKIT_HPP_ERROR(ResetError, TransportError)
OFXKIT_HPP_ERROR(BadResponseError, TransportError)
OFXKIT_HPP_ERROR(TruncatedError, TransportError)
/// Batch items (216-218).
OFXKIT_HPP_ERROR(BatchItemError, Error)
OFXKIT_HPP_ERROR(NotAnsweredError, BatchItemError)
OFXKIT_HPP_ERROR(SignonFailedError, BatchItemError)
OFXKIT_HPP_ERROR(NotPostedError, BatchItemError)
/// The server refused (219): a non-zero signon or transaction STATUS.
OFXKIT_HPP_ERROR(RefusedError, Error)
/// A callback asked to stop (220), e.g. a sync record callback returned false.
OFXKIT_HPP_ERROR(CallbackStoppedError, Error)
#undef OFXKIT_HPP_ERROR

/// The server answered with an HTTP status other than 200 (OFX_RESULT_HTTP_STATUS).
class HttpStatusError : public TransportError {
public:
    HttpStatusError(uint32_t code, std::string message, uint16_t http_status, std::string body_start)
        : TransportError(code, std::move(message)), http_status_(http_status), body_start_(std::move(body_start)) {}
    uint16_t http_status() const noexcept { return http_status_; }
    const std::string &body_start() const noexcept { return body_start_; }

private:
    uint16_t http_status_;
    std::string body_start_;
};

/// A handle used after close() or after it was moved from (code OFX_RESULT_NULL_POINTER: the native
/// call would have received NULL).
class ClosedError : public NullPointerError {
public:
    explicit ClosedError(const std::string &what)
        : NullPointerError(OFX_RESULT_NULL_POINTER, what + " is closed (used after close(), after a move, or after its owner was freed or changed)") {}
};

/// Throws the Error subclass for `code`.
[[noreturn]] inline void raise(uint32_t code, std::string message, uint16_t http_status = 0, std::string body_start = {}) {
    switch (code) {
    case OFX_RESULT_INVALID_ARGUMENT: throw InvalidArgumentError(code, std::move(message));
    case OFX_RESULT_NULL_POINTER: throw NullPointerError(code, std::move(message));
    case OFX_RESULT_PANIC: throw InternalError(code, std::move(message));
    case OFX_RESULT_INVALID_UTF8: throw InvalidUtf8Error(code, std::move(message));
    case OFX_RESULT_NOT_FOUND: throw NotFoundError(code, std::move(message));
    case OFX_RESULT_IO: throw IoError(code, std::move(message));
    case OFX_RESULT_NOT_OFX: throw NotOfxError(code, std::move(message));
    case OFX_RESULT_NO_CONTENT: throw NoContentError(code, std::move(message));
    case OFX_RESULT_STRICT_VIOLATION: throw StrictViolationError(code, std::move(message));
    case OFX_RESULT_TOO_LARGE:
    case OFX_RESULT_UNSUPPORTED_VERSION: throw ParseError(code, std::move(message));
    case OFX_RESULT_CONFIG: throw ConfigError(code, std::move(message));
    case OFX_RESULT_REQUEST: throw RequestError(code, std::move(message));
    case OFX_RESULT_INVALID_URL: throw InvalidUrlError(code, std::move(message));
    case OFX_RESULT_DNS: throw DnsError(code, std::move(message));
    case OFX_RESULT_CONNECT: throw ConnectError(code, std::move(message));
    case OFX_RESULT_TIMEOUT: throw TimeoutError(code, std::move(message));
    case OFX_RESULT_TLS: throw TlsError(code, std::move(message));
    case OFX_RESULT_CERTIFICATE: throw CertificateError(code, std::move(message));
    case OFX_RESULT_RESET: throw ResetError(code, std::move(message));
    case OFX_RESULT_HTTP_STATUS: throw HttpStatusError(code, std::move(message), http_status, std::move(body_start));
    case OFX_RESULT_EMPTY_BODY:
    case OFX_RESULT_RESPONSE_TOO_LARGE:
    case OFX_RESULT_PROXY:
    case OFX_RESULT_NETWORK: throw TransportError(code, std::move(message));
    case OFX_RESULT_BAD_RESPONSE: throw BadResponseError(code, std::move(message));
    case OFX_RESULT_TRUNCATED: throw TruncatedError(code, std::move(message));
    case OFX_RESULT_NOT_ANSWERED: throw NotAnsweredError(code, std::move(message));
    case OFX_RESULT_SIGNON_FAILED: throw SignonFailedError(code, std::move(message));
    case OFX_RESULT_NOT_POSTED: throw NotPostedError(code, std::move(message));
    case OFX_RESULT_REFUSED: throw RefusedError(code, std::move(message));
    case OFX_RESULT_CALLBACK_STOPPED: throw CallbackStoppedError(code, std::move(message));
    default:
        if (code < 100) throw UsageError(code, std::move(message));
        if (code < 200) throw ParseError(code, std::move(message));
        throw Error(code, std::move(message));
    }
}

// ------------------------------------------------------------------------------------------------
// Exact decimals
// ------------------------------------------------------------------------------------------------

/// An exact decimal: mantissa / 10^scale with a 64-bit mantissa (-4829.95 is (-482995, 2)). Parsing
/// keeps the scale as written ("25.00" has scale 2); arithmetic is exact and throws
/// std::overflow_error instead of rounding. Comparison is by value (1.10 == 1.1).
class Decimal {
public:
    constexpr Decimal() noexcept = default;
    constexpr Decimal(int64_t mantissa, uint32_t scale) : m_(mantissa), s_(scale) {}

    /// Parses "[+-]digits[.digits]". Throws std::invalid_argument (malformed) or std::overflow_error.
    static Decimal parse(std::string_view text) {
        std::size_t i = 0;
        bool neg = false;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) neg = text[i++] == '-';
        uint64_t mag = 0;
        uint32_t scale = 0;
        bool dot = false, digits = false;
        const uint64_t limit = neg ? uint64_t(std::numeric_limits<int64_t>::max()) + 1 : uint64_t(std::numeric_limits<int64_t>::max());
        for (; i < text.size(); ++i) {
            char c = text[i];
            if (c == '.' && !dot) { dot = true; continue; }
            if (c < '0' || c > '9') throw std::invalid_argument("ofx::Decimal: not a decimal number: '" + std::string(text) + "'");
            digits = true;
            uint64_t d = uint64_t(c - '0');
            if (mag > (limit - d) / 10) throw std::overflow_error("ofx::Decimal: '" + std::string(text) + "' does not fit in 64 bits");
            mag = mag * 10 + d;
            if (dot) ++scale;
        }
        if (!digits) throw std::invalid_argument("ofx::Decimal: not a decimal number: '" + std::string(text) + "'");
        int64_t m = neg ? (mag == uint64_t(std::numeric_limits<int64_t>::max()) + 1 ? std::numeric_limits<int64_t>::min() : -int64_t(mag))
                        : int64_t(mag);
        return Decimal(m, scale);
    }

    constexpr int64_t mantissa() const noexcept { return m_; }
    constexpr uint32_t scale() const noexcept { return s_; }

    /// The value with `scale` decimal places as written, e.g. "-42.10".
    std::string to_string() const {
        uint64_t mag = m_ < 0 ? uint64_t(0) - uint64_t(m_) : uint64_t(m_);
        std::string digits = std::to_string(mag);
        if (digits.size() <= s_) digits.insert(0, s_ - digits.size() + 1, '0');
        std::string out = m_ < 0 ? "-" : "";
        out += digits.substr(0, digits.size() - s_);
        if (s_ > 0) out += "." + digits.substr(digits.size() - s_);
        return out;
    }

    /// The same value with `scale` places: more places are exact; fewer only when nothing is lost
    /// (std::domain_error otherwise).
    Decimal with_scale(uint32_t scale) const {
        Decimal d = *this;
        while (d.s_ < scale) {
            if (__builtin_mul_overflow(d.m_, int64_t(10), &d.m_)) throw std::overflow_error("ofx::Decimal: overflow");
            ++d.s_;
        }
        while (d.s_ > scale) {
            if (d.m_ % 10 != 0) throw std::domain_error("ofx::Decimal: " + to_string() + " has more places than " + std::to_string(scale));
            d.m_ /= 10;
            --d.s_;
        }
        return d;
    }

    friend Decimal operator+(Decimal a, Decimal b) {
        uint32_t s = a.s_ > b.s_ ? a.s_ : b.s_;
        a = a.with_scale(s);
        b = b.with_scale(s);
        int64_t r;
        if (__builtin_add_overflow(a.m_, b.m_, &r)) throw std::overflow_error("ofx::Decimal: overflow");
        return Decimal(r, s);
    }
    friend Decimal operator-(Decimal a, Decimal b) {
        uint32_t s = a.s_ > b.s_ ? a.s_ : b.s_;
        a = a.with_scale(s);
        b = b.with_scale(s);
        int64_t r;
        if (__builtin_sub_overflow(a.m_, b.m_, &r)) throw std::overflow_error("ofx::Decimal: overflow");
        return Decimal(r, s);
    }
    Decimal operator-() const { return Decimal(0, s_) - *this; }
    Decimal &operator+=(Decimal o) { return *this = *this + o; }
    Decimal &operator-=(Decimal o) { return *this = *this - o; }

    /// -1, 0 or 1, by value.
    static int compare(Decimal a, Decimal b) noexcept {
        int sa = (a.m_ > 0) - (a.m_ < 0), sb = (b.m_ > 0) - (b.m_ < 0);
        if (sa != sb) return sa < sb ? -1 : 1;
        if (sa == 0) return 0;
        // Same sign: bring both to the larger scale; the one that overflows has the larger magnitude.
        uint32_t s = a.s_ > b.s_ ? a.s_ : b.s_;
        int64_t am = a.m_, bm = b.m_;
        for (uint32_t k = a.s_; k < s; ++k)
            if (__builtin_mul_overflow(am, int64_t(10), &am)) return sa;
        for (uint32_t k = b.s_; k < s; ++k)
            if (__builtin_mul_overflow(bm, int64_t(10), &bm)) return -sa;
        return am < bm ? -1 : (am > bm ? 1 : 0);
    }
    friend bool operator==(Decimal a, Decimal b) noexcept { return compare(a, b) == 0; }
    friend bool operator!=(Decimal a, Decimal b) noexcept { return compare(a, b) != 0; }
    friend bool operator<(Decimal a, Decimal b) noexcept { return compare(a, b) < 0; }
    friend bool operator<=(Decimal a, Decimal b) noexcept { return compare(a, b) <= 0; }
    friend bool operator>(Decimal a, Decimal b) noexcept { return compare(a, b) > 0; }
    friend bool operator>=(Decimal a, Decimal b) noexcept { return compare(a, b) >= 0; }

private:
    int64_t m_ = 0;
    uint32_t s_ = 0;
};

// ------------------------------------------------------------------------------------------------
// Internals
// ------------------------------------------------------------------------------------------------

namespace detail {

inline std::string str(const char *p) { return p ? std::string(p) : std::string(); }
inline std::optional<std::string> opt(const char *p) { return p ? std::optional<std::string>(p) : std::nullopt; }
inline const char *c_or_null(const std::optional<std::string> &s) noexcept { return s ? s->c_str() : nullptr; }

/// Takes a string the library allocated (frees it with ofx_string_free, also when copying throws).
inline std::string take(char *p) {
    std::unique_ptr<char, void (*)(char *)> guard(p, [](char *q) { ofx_string_free(q); });
    return p ? std::string(p) : std::string();
}

/// Throws for a failed call without a handle (the message is the calling thread's last error).
inline void check(ofx_result r) {
    if (r != OFX_RESULT_OK) raise(r, ofx_last_error_message());
}
inline void check_client(const ofx_client *c, ofx_result r) {
    if (r == OFX_RESULT_OK) return;
    std::string msg = ofx_client_errmsg(c);
    if (r == OFX_RESULT_HTTP_STATUS) {
        ofx_error_info info{};
        if (ofx_client_error_info(c, &info) == OFX_RESULT_OK) raise(r, std::move(msg), info.http_status, str(info.body_start));
    }
    if (msg.empty()) msg = ofx_last_error_message();
    raise(r, std::move(msg));
}
inline void check_batch(const ofx_batch *b, ofx_result r) {
    if (r == OFX_RESULT_OK) return;
    std::string msg = ofx_batch_errmsg(b);
    if (msg.empty()) msg = ofx_last_error_message();
    raise(r, std::move(msg));
}

/// The exception a callback threw during the current native call on this thread (first one wins).
inline std::exception_ptr &pending() noexcept {
    thread_local std::exception_ptr p;
    return p;
}
/// Called from inside a catch block of a trampoline.
inline void capture() noexcept {
    if (!pending()) pending() = std::current_exception();
}

/// Scope of one native call that may run callbacks: clears the pending slot before, rethrows the
/// first captured exception with rethrow(), and restores an outer call's slot when it ends (a
/// callback may itself use another handle).
class CallScope {
public:
    CallScope() noexcept : saved_(std::move(pending())) { pending() = nullptr; }
    CallScope(const CallScope &) = delete;
    CallScope &operator=(const CallScope &) = delete;
    ~CallScope() { pending() = std::move(saved_); }
    void rethrow() {
        if (pending()) {
            std::exception_ptr e = std::move(pending());
            pending() = nullptr;
            std::rethrow_exception(e);
        }
    }

private:
    std::exception_ptr saved_;
};

/// The handles whose native call is running on this thread (their callbacks may be running): the C
/// API forbids calling a handle's functions from its own callbacks, so the wrappers refuse it.
inline std::vector<const void *> &busy() noexcept {
    thread_local std::vector<const void *> v;
    return v;
}
inline bool is_busy(const void *h) noexcept {
    for (const void *p : busy())
        if (p == h) return true;
    return false;
}
class BusyScope {
public:
    explicit BusyScope(const void *h) { busy().push_back(h); }
    BusyScope(const BusyScope &) = delete;
    BusyScope &operator=(const BusyScope &) = delete;
    ~BusyScope() { busy().pop_back(); }
};
[[noreturn]] inline void raise_reentrant(const char *what) {
    throw UsageError(OFX_RESULT_INVALID_ARGUMENT, std::string(what) + " used from one of its own callbacks (not allowed: callbacks must not call functions of the same handle)");
}

/// A move-only owner of one native handle; frees it exactly once.
template <class T, void (*Free)(T *)>
class Handle {
public:
    Handle() noexcept = default;
    explicit Handle(T *p) noexcept : p_(p) {}
    Handle(const Handle &) = delete;
    Handle &operator=(const Handle &) = delete;
    Handle(Handle &&o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    Handle &operator=(Handle &&o) noexcept {
        if (this != &o) {
            reset();
            p_ = std::exchange(o.p_, nullptr);
        }
        return *this;
    }
    ~Handle() { reset(); }
    void reset() noexcept {
        if (T *p = std::exchange(p_, nullptr)) Free(p);
    }
    T *get() const noexcept { return p_; }
    T *release() noexcept { return std::exchange(p_, nullptr); }

private:
    T *p_ = nullptr;
};

} // namespace detail

// ------------------------------------------------------------------------------------------------
// Views (owned copies: valid independently of the response they came from)
// ------------------------------------------------------------------------------------------------

enum class StatementKind : uint32_t { Bank = OFX_STATEMENT_BANK, CreditCard = OFX_STATEMENT_CREDITCARD, Investment = OFX_STATEMENT_INVESTMENT, Loan = OFX_STATEMENT_LOAN };
enum class RecordKind : uint32_t { Transfer = OFX_RECORD_TRANSFER, Payment = OFX_RECORD_PAYMENT, Payee = OFX_RECORD_PAYEE };

/// A repair or tolerated deviation of the document.
struct Warning {
    uint32_t code = 0;
    std::string message;
    uint32_t line = 0;
    uint32_t offset = 0;
};

/// The signon response (SONRS).
struct Signon {
    int32_t status_code = -1;
    std::optional<std::string> severity, message, dtserver, language, org, fid, userkey, accesskey, sesscookie;
};

/// One statement (bank, credit card, investment or loan). `index` is its position in the response.
struct Statement {
    std::size_t index = 0;
    StatementKind kind = StatementKind::Bank;
    std::optional<std::string> account_id, bank_id, branch_id, account_type, broker_id, currency;
    std::optional<std::string> start, end, date_as_of;
    std::optional<std::string> ledger_balance, ledger_balance_date, available_balance, available_balance_date;
    std::optional<std::string> trnuid;
    int32_t status_code = -1;
    std::optional<std::string> status_severity, status_message;
    std::size_t transaction_count = 0, position_count = 0, balance_count = 0, open_order_count = 0;
    uint32_t element = OFX_NO_ELEMENT;
};

/// One transaction (STMTTRN, LOANSTMTTRN, or an investment transaction).
struct Transaction {
    std::optional<std::string> fitid, type, date_posted, date_user, date_avail, date_settle;
    /// The amount exactly as an OFX decimal string ("-42.17").
    std::optional<std::string> amount;
    std::optional<std::string> name, memo, check_number, ref_number, payee_id, sic, server_tid;
    std::optional<std::string> correct_fitid, correct_action, currency, security_id, security_id_type, units, unit_price;
    /// DTPOSTED as a UTC time point (midnight UTC for a date without time); nullopt when absent.
    std::optional<std::chrono::system_clock::time_point> date_posted_time;
    /// The UTC offset the document gave for date_posted, minutes east of UTC.
    int32_t date_posted_offset_minutes = 0;
    /// amount = amount_mantissa / 10^amount_scale, valid when amount_fits.
    int64_t amount_mantissa = 0;
    uint32_t amount_scale = 0;
    bool amount_fits = false;
    uint32_t element = OFX_NO_ELEMENT;

    /// The amount as an exact Decimal; nullopt without an amount. Throws std::overflow_error when the
    /// mantissa does not fit in 64 bits (use the `amount` string then).
    std::optional<Decimal> amount_decimal() const {
        if (!amount) return std::nullopt;
        if (amount_fits) return Decimal(amount_mantissa, amount_scale);
        return Decimal::parse(*amount);
    }
};

struct Balance {
    std::optional<std::string> name, desc, type, value, date;
};

struct Position {
    std::optional<std::string> type, security_id, security_id_type, held_in, pos_type, units, unit_price, market_value, date_price, memo;
    uint32_t element = OFX_NO_ELEMENT;
};

struct OpenOrder {
    std::optional<std::string> type, fitid, security_id, security_id_type, date_placed, units, duration, restriction, limit_price, stop_price, memo;
    uint32_t element = OFX_NO_ELEMENT;
};

struct Security {
    std::optional<std::string> type, id, id_type, name, ticker, fiid, unit_price, date_price, memo;
    uint32_t element = OFX_NO_ELEMENT;
};

struct Account {
    std::string kind; // "bank", "creditcard", "investment", "loan", "billpay", "presentment", "unknown"
    std::optional<std::string> account_id, bank_id, branch_id, account_type, broker_id, desc, status;
    uint32_t element = OFX_NO_ELEMENT;
};

struct Closing {
    StatementKind kind = StatementKind::Bank;
    std::optional<std::string> account_id, fitid, date_open, date_close, date_next, balance_open, balance_close, date_post_start, date_post_end;
    uint32_t element = OFX_NO_ELEMENT;
};

struct Profile {
    std::optional<std::string> fi_name, url, date_profile_up, address1, city, state, postal_code, country, cs_phone, email;
    std::size_t message_set_count = 0, signon_realm_count = 0;
    uint32_t element = OFX_NO_ELEMENT;
};

struct MessageSet {
    std::string name;               // e.g. "BANKMSGSET"
    std::optional<std::string> url; // where that message set's requests go
};

struct SignonRealm {
    std::optional<std::string> name;
    bool client_uid_required = false, mfa_challenge_supported = false, mfa_challenge_first = false, auth_token_first = false, case_sensitive = false;
    int32_t min_length = -1, max_length = -1;
    std::optional<std::string> char_type;
};

struct TrnStatus {
    std::string type; // e.g. "STMTTRNRS"
    std::optional<std::string> trnuid;
    int32_t code = -1;
    std::optional<std::string> severity, message;
};

struct MfaQuestion {
    std::string phrase_id;            // e.g. "MFA13"
    std::optional<std::string> label; // nullopt for the built-in ids MFA101-MFA107
};

/// A transfer, payment or payee of an answer or of a sync.
struct MoneyRecord {
    RecordKind kind = RecordKind::Transfer;
    std::string change; // "added", "modified", "cancelled", "deleted", "status", "none"
    std::optional<std::string> trnuid;
    int32_t status_code = -1;
    std::optional<std::string> severity, message, id;
    bool interbank = false;
    std::optional<std::string> amount, currency, from_account, to_account, due_date, projected_date, posted_date;
    std::optional<std::string> process_code, process_date, payee_list_id, payee_name, pay_account, check_number, memo;
    bool in_sync = false;

    std::optional<Decimal> amount_decimal() const { return amount ? std::optional<Decimal>(Decimal::parse(*amount)) : std::nullopt; }
};

namespace detail {
inline Statement convert(std::size_t index, const ofx_statement &s) {
    Statement o;
    o.index = index;
    o.kind = StatementKind(s.kind);
    o.account_id = opt(s.account_id); o.bank_id = opt(s.bank_id); o.branch_id = opt(s.branch_id);
    o.account_type = opt(s.account_type); o.broker_id = opt(s.broker_id); o.currency = opt(s.currency);
    o.start = opt(s.start); o.end = opt(s.end); o.date_as_of = opt(s.date_as_of);
    o.ledger_balance = opt(s.ledger_balance); o.ledger_balance_date = opt(s.ledger_balance_date);
    o.available_balance = opt(s.available_balance); o.available_balance_date = opt(s.available_balance_date);
    o.trnuid = opt(s.trnuid); o.status_code = s.status_code;
    o.status_severity = opt(s.status_severity); o.status_message = opt(s.status_message);
    o.transaction_count = s.transaction_count; o.position_count = s.position_count;
    o.balance_count = s.balance_count; o.open_order_count = s.open_order_count; o.element = s.element;
    return o;
}
inline Transaction convert(const ofx_transaction &t) {
    Transaction o;
    o.fitid = opt(t.fitid); o.type = opt(t.type); o.date_posted = opt(t.date_posted); o.date_user = opt(t.date_user);
    o.date_avail = opt(t.date_avail); o.date_settle = opt(t.date_settle); o.amount = opt(t.amount); o.name = opt(t.name);
    o.memo = opt(t.memo); o.check_number = opt(t.check_number); o.ref_number = opt(t.ref_number); o.payee_id = opt(t.payee_id);
    o.sic = opt(t.sic); o.server_tid = opt(t.server_tid); o.correct_fitid = opt(t.correct_fitid);
    o.correct_action = opt(t.correct_action); o.currency = opt(t.currency); o.security_id = opt(t.security_id);
    o.security_id_type = opt(t.security_id_type); o.units = opt(t.units); o.unit_price = opt(t.unit_price);
    if (t.has_date_posted)
        o.date_posted_time = std::chrono::system_clock::time_point(std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::seconds(t.date_posted_unix)));
    o.date_posted_offset_minutes = t.date_posted_offset_minutes;
    o.amount_mantissa = t.amount_mantissa; o.amount_scale = t.amount_scale; o.amount_fits = t.amount_fits;
    o.element = t.element;
    return o;
}
inline MoneyRecord convert(const ofx_money_record &r) {
    MoneyRecord o;
    o.kind = RecordKind(r.kind); o.change = str(r.change); o.trnuid = opt(r.trnuid); o.status_code = r.status_code;
    o.severity = opt(r.severity); o.message = opt(r.message); o.id = opt(r.id); o.interbank = r.interbank != 0;
    o.amount = opt(r.amount); o.currency = opt(r.currency); o.from_account = opt(r.from_account); o.to_account = opt(r.to_account);
    o.due_date = opt(r.due_date); o.projected_date = opt(r.projected_date); o.posted_date = opt(r.posted_date);
    o.process_code = opt(r.process_code); o.process_date = opt(r.process_date); o.payee_list_id = opt(r.payee_list_id);
    o.payee_name = opt(r.payee_name); o.pay_account = opt(r.pay_account); o.check_number = opt(r.check_number);
    o.memo = opt(r.memo); o.in_sync = r.in_sync != 0;
    return o;
}
} // namespace detail

// ------------------------------------------------------------------------------------------------
// Responses
// ------------------------------------------------------------------------------------------------

/// Options for reading.
struct ParseOptions {
    /// Spec violations (and any repair) are errors (StrictViolationError).
    bool strict = false;
};

class ResponseView;

/// One element of a response's tree (OFXAggregate). Holds a ResponseView: it throws ClosedError once
/// the response is gone.
class Element;

/// A non-owning, copyable reader of a response. Every call checks that the owner (a Response, or the
/// Batch the answer belongs to) is still alive and unchanged, and throws ClosedError otherwise.
/// Everything it returns is copied (no borrowed pointers escape).
class ResponseView {
public:
    ResponseView() = default;

    /// True while the response can be read.
    bool valid() const noexcept { return p_ != nullptr && !alive_.expired(); }
    /// The native pointer (borrowed); throws ClosedError when no longer valid.
    const ofx_response *native() const { return get(); }

    std::string to_json() const { char *s = nullptr; detail::check(ofx_response_to_json(get(), &s)); return detail::take(s); }
    std::string to_csv() const { char *s = nullptr; detail::check(ofx_response_to_csv(get(), &s)); return detail::take(s); }
    /// The document as OFX `version` (102, 103, 151, 160, 200 ... 220).
    std::string serialize(uint32_t ofx_version) const { char *s = nullptr; detail::check(ofx_response_serialize(get(), ofx_version, &s)); return detail::take(s); }
    void write_file(const std::string &path, uint32_t ofx_version) const { detail::check(ofx_response_write_file(get(), path.c_str(), ofx_version)); }

    std::vector<Warning> warnings() const {
        const ofx_response *r = get();
        std::vector<Warning> out;
        std::size_t n = ofx_response_warning_count(r);
        for (std::size_t i = 0; i < n; ++i) {
            ofx_warning w{};
            detail::check(ofx_response_warning(r, i, &w));
            out.push_back(Warning{w.code, detail::str(w.message), w.line, w.offset});
        }
        return out;
    }

    /// The signon response; nullopt when the document has none.
    std::optional<Signon> signon() const {
        ofx_signon s{};
        ofx_result r = ofx_response_signon(get(), &s);
        if (r == OFX_RESULT_NOT_FOUND) return std::nullopt;
        detail::check(r);
        Signon o;
        o.status_code = s.status_code; o.severity = detail::opt(s.severity); o.message = detail::opt(s.message);
        o.dtserver = detail::opt(s.dtserver); o.language = detail::opt(s.language); o.org = detail::opt(s.org);
        o.fid = detail::opt(s.fid); o.userkey = detail::opt(s.userkey); o.accesskey = detail::opt(s.accesskey);
        o.sesscookie = detail::opt(s.sesscookie);
        return o;
    }

    std::size_t statement_count() const { return ofx_response_statement_count(get()); }
    Statement statement(std::size_t index) const {
        ofx_statement s{};
        detail::check(ofx_response_statement(get(), index, &s));
        return detail::convert(index, s);
    }
    /// Every statement, in document order (range-for friendly).
    std::vector<Statement> statements() const {
        std::vector<Statement> out;
        for (std::size_t i = 0, n = statement_count(); i < n; ++i) out.push_back(statement(i));
        return out;
    }

    Transaction transaction(std::size_t statement_index, std::size_t index) const {
        ofx_transaction t{};
        detail::check(ofx_response_transaction(get(), statement_index, index, &t));
        return detail::convert(t);
    }
    std::vector<Transaction> transactions(const Statement &st) const {
        std::vector<Transaction> out;
        for (std::size_t i = 0; i < st.transaction_count; ++i) out.push_back(transaction(st.index, i));
        return out;
    }
    std::vector<Transaction> transactions(std::size_t statement_index) const { return transactions(statement(statement_index)); }

    std::vector<Balance> balances(const Statement &st) const {
        std::vector<Balance> out;
        for (std::size_t i = 0; i < st.balance_count; ++i) {
            ofx_balance b{};
            detail::check(ofx_response_balance(get(), st.index, i, &b));
            out.push_back(Balance{detail::opt(b.name), detail::opt(b.desc), detail::opt(b.type), detail::opt(b.value), detail::opt(b.date)});
        }
        return out;
    }

    std::vector<Position> positions(const Statement &st) const {
        std::vector<Position> out;
        for (std::size_t i = 0; i < st.position_count; ++i) {
            ofx_position p{};
            detail::check(ofx_response_position(get(), st.index, i, &p));
            out.push_back(Position{detail::opt(p.type), detail::opt(p.security_id), detail::opt(p.security_id_type), detail::opt(p.held_in),
                                   detail::opt(p.pos_type), detail::opt(p.units), detail::opt(p.unit_price), detail::opt(p.market_value),
                                   detail::opt(p.date_price), detail::opt(p.memo), p.element});
        }
        return out;
    }

    std::vector<OpenOrder> open_orders(const Statement &st) const {
        std::vector<OpenOrder> out;
        for (std::size_t i = 0; i < st.open_order_count; ++i) {
            ofx_open_order o{};
            detail::check(ofx_response_open_order(get(), st.index, i, &o));
            out.push_back(OpenOrder{detail::opt(o.type), detail::opt(o.fitid), detail::opt(o.security_id), detail::opt(o.security_id_type),
                                    detail::opt(o.date_placed), detail::opt(o.units), detail::opt(o.duration), detail::opt(o.restriction),
                                    detail::opt(o.limit_price), detail::opt(o.stop_price), detail::opt(o.memo), o.element});
        }
        return out;
    }

    std::vector<Security> securities() const {
        const ofx_response *r = get();
        std::vector<Security> out;
        for (std::size_t i = 0, n = ofx_response_security_count(r); i < n; ++i) {
            ofx_security s{};
            detail::check(ofx_response_security(r, i, &s));
            out.push_back(Security{detail::opt(s.type), detail::opt(s.id), detail::opt(s.id_type), detail::opt(s.name), detail::opt(s.ticker),
                                   detail::opt(s.fiid), detail::opt(s.unit_price), detail::opt(s.date_price), detail::opt(s.memo), s.element});
        }
        return out;
    }

    std::vector<Account> accounts() const {
        const ofx_response *r = get();
        std::vector<Account> out;
        for (std::size_t i = 0, n = ofx_response_account_count(r); i < n; ++i) {
            ofx_account a{};
            detail::check(ofx_response_account(r, i, &a));
            out.push_back(Account{detail::str(a.kind), detail::opt(a.account_id), detail::opt(a.bank_id), detail::opt(a.branch_id),
                                  detail::opt(a.account_type), detail::opt(a.broker_id), detail::opt(a.desc), detail::opt(a.status), a.element});
        }
        return out;
    }

    std::vector<Closing> closings() const {
        const ofx_response *r = get();
        std::vector<Closing> out;
        for (std::size_t i = 0, n = ofx_response_closing_count(r); i < n; ++i) {
            ofx_closing c{};
            detail::check(ofx_response_closing(r, i, &c));
            out.push_back(Closing{StatementKind(c.kind), detail::opt(c.account_id), detail::opt(c.fitid), detail::opt(c.date_open),
                                  detail::opt(c.date_close), detail::opt(c.date_next), detail::opt(c.balance_open), detail::opt(c.balance_close),
                                  detail::opt(c.date_post_start), detail::opt(c.date_post_end), c.element});
        }
        return out;
    }

    /// The FI profile (PROFRS); nullopt when the document has none.
    std::optional<Profile> profile() const {
        ofx_profile p{};
        ofx_result r = ofx_response_profile(get(), &p);
        if (r == OFX_RESULT_NOT_FOUND) return std::nullopt;
        detail::check(r);
        return Profile{detail::opt(p.fi_name), detail::opt(p.url), detail::opt(p.date_profile_up), detail::opt(p.address1),
                       detail::opt(p.city), detail::opt(p.state), detail::opt(p.postal_code), detail::opt(p.country),
                       detail::opt(p.cs_phone), detail::opt(p.email), p.message_set_count, p.signon_realm_count, p.element};
    }
    std::vector<MessageSet> profile_message_sets() const {
        std::vector<MessageSet> out;
        auto p = profile();
        if (!p) return out;
        for (std::size_t i = 0; i < p->message_set_count; ++i) {
            const char *name = nullptr, *url = nullptr;
            detail::check(ofx_response_profile_message_set(get(), i, &name, &url));
            out.push_back(MessageSet{detail::str(name), detail::opt(url)});
        }
        return out;
    }
    std::vector<SignonRealm> profile_signon_realms() const {
        std::vector<SignonRealm> out;
        auto p = profile();
        if (!p) return out;
        for (std::size_t i = 0; i < p->signon_realm_count; ++i) {
            ofx_signon_realm s{};
            detail::check(ofx_response_profile_signon_realm(get(), i, &s));
            out.push_back(SignonRealm{detail::opt(s.name), s.client_uid_required, s.mfa_challenge_supported, s.mfa_challenge_first,
                                      s.auth_token_first, s.case_sensitive, s.min_length, s.max_length, detail::opt(s.char_type)});
        }
        return out;
    }

    /// Type, TRNUID and STATUS of every transaction wrapper (…TRNRS), in document order.
    std::vector<TrnStatus> trn_statuses() const {
        const ofx_response *r = get();
        std::vector<TrnStatus> out;
        for (std::size_t i = 0, n = ofx_response_trn_status_count(r); i < n; ++i) {
            ofx_trn_status t{};
            detail::check(ofx_response_trn_status(r, i, &t));
            out.push_back(TrnStatus{detail::str(t.type), detail::opt(t.trnuid), t.code, detail::opt(t.severity), detail::opt(t.message)});
        }
        return out;
    }

    std::vector<MfaQuestion> mfa_questions() const {
        const ofx_response *r = get();
        std::vector<MfaQuestion> out;
        for (std::size_t i = 0, n = ofx_response_mfa_question_count(r); i < n; ++i) {
            ofx_mfa_question q{};
            detail::check(ofx_response_mfa_question(r, i, &q));
            out.push_back(MfaQuestion{detail::str(q.phrase_id), detail::opt(q.label)});
        }
        return out;
    }

    /// Transfers, then payments, then payees of the answer.
    std::vector<MoneyRecord> money_records() const {
        const ofx_response *r = get();
        std::vector<MoneyRecord> out;
        for (std::size_t i = 0, n = ofx_response_money_record_count(r); i < n; ++i) {
            ofx_money_record m{};
            detail::check(ofx_response_money_record(r, i, &m));
            out.push_back(detail::convert(m));
        }
        return out;
    }

    /// Throws RefusedError (with the first refusal's code and message) unless the signon and every
    /// transaction of the answer succeeded.
    void check() const { detail::check(ofx_response_check(get())); }

    Element root() const;
    /// The element at `path` (e.g. "BANKMSGSRSV1/STMTTRNRS/STMTRS/LEDGERBAL/BALAMT", "STMTTRN[3]"); nullopt
    /// when there is none.
    std::optional<Element> find(const std::string &path) const;

protected:
    ResponseView(const ofx_response *p, std::weak_ptr<void> alive, const char *what) noexcept : p_(p), alive_(std::move(alive)), what_(what) {}
    const ofx_response *get() const {
        if (p_ == nullptr || alive_.expired()) throw ClosedError(what_);
        return p_;
    }
    const ofx_response *p_ = nullptr;
    std::weak_ptr<void> alive_;
    const char *what_ = "ofx::ResponseView";

    friend class Batch;
    friend class Response;
};

class Element {
public:
    Element(ResponseView resp, uint32_t id) : resp_(std::move(resp)), id_(id) {}
    uint32_t id() const noexcept { return id_; }
    std::string name() const { return detail::str(ofx_element_name(resp_.native(), id_)); }
    /// The value of a leaf (entities decoded); nullopt for an aggregate.
    std::optional<std::string> text() const { return detail::opt(ofx_element_text(resp_.native(), id_)); }
    std::size_t child_count() const { return ofx_element_child_count(resp_.native(), id_); }
    Element child(std::size_t index) const {
        uint32_t out = 0;
        detail::check(ofx_element_child(resp_.native(), id_, index, &out));
        return Element(resp_, out);
    }
    std::vector<Element> children() const {
        std::vector<Element> out;
        for (std::size_t i = 0, n = child_count(); i < n; ++i) out.push_back(child(i));
        return out;
    }
    std::optional<Element> find(const std::string &path) const {
        uint32_t out = 0;
        ofx_result r = ofx_element_find(resp_.native(), id_, path.c_str(), &out);
        if (r == OFX_RESULT_NOT_FOUND) return std::nullopt;
        detail::check(r);
        return Element(resp_, out);
    }
    std::size_t offset() const { return ofx_element_offset(resp_.native(), id_); }

private:
    ResponseView resp_;
    uint32_t id_;
};

inline Element ResponseView::root() const {
    uint32_t id = 0;
    detail::check(ofx_response_root(get(), &id));
    return Element(*this, id);
}
inline std::optional<Element> ResponseView::find(const std::string &path) const {
    uint32_t id = 0;
    ofx_result r = ofx_response_find(get(), path.c_str(), &id);
    if (r == OFX_RESULT_NOT_FOUND) return std::nullopt;
    detail::check(r);
    return Element(*this, id);
}

/// An owned, parsed OFX document (move-only; freed by the destructor or close()).
class Response : public ResponseView {
public:
    Response() = default;
    Response(const Response &) = delete;
    Response &operator=(const Response &) = delete;
    Response(Response &&o) noexcept { swap(o); }
    Response &operator=(Response &&o) noexcept {
        if (this != &o) {
            close();
            swap(o);
        }
        return *this;
    }
    ~Response() { close(); }

    /// Takes ownership of a native response (NULL gives a closed Response).
    static Response adopt(ofx_response *p) {
        Response r;
        if (p) {
            r.handle_ = detail::Handle<ofx_response, ofx_response_free>(p);
            r.token_ = std::make_shared<char>(0);
            r.p_ = p;
            r.alive_ = r.token_;
            r.what_ = "ofx::Response";
        }
        return r;
    }

    /// Reads a document from memory (copied). Throws NotOfxError, ParseError, StrictViolationError...
    static Response parse(const void *data, std::size_t len, ParseOptions opts = {}) {
        ofx_parse_options o{};
        ofx_parse_options_init(&o);
        o.strict = opts.strict ? 1u : 0u;
        ofx_response *out = nullptr;
        detail::check(ofx_response_parse_with(static_cast<const uint8_t *>(data), len, &o, &out));
        return adopt(out);
    }
    static Response parse(std::string_view bytes, ParseOptions opts = {}) { return parse(bytes.data(), bytes.size(), opts); }
    static Response parse(const std::vector<uint8_t> &bytes, ParseOptions opts = {}) { return parse(bytes.data(), bytes.size(), opts); }
    /// Reads an OFX file. Throws IoError when it cannot be read.
    static Response read_file(const std::string &path, ParseOptions opts = {}) {
        ofx_parse_options o{};
        ofx_parse_options_init(&o);
        o.strict = opts.strict ? 1u : 0u;
        ofx_response *out = nullptr;
        detail::check(ofx_response_read_file_with(path.c_str(), &o, &out));
        return adopt(out);
    }

    /// A copyable non-owning reader; it throws ClosedError once this Response is closed.
    ResponseView view() const { get(); return ResponseView(p_, alive_, "ofx::Response (through a view)"); }
    /// Frees the document now (idempotent); views of it become invalid.
    void close() noexcept {
        token_.reset();
        handle_.reset();
        p_ = nullptr;
        alive_.reset();
    }
    bool closed() const noexcept { return p_ == nullptr; }
    /// Gives up ownership (the caller frees with ofx_response_free); this object is closed after.
    ofx_response *release() {
        get();
        ofx_response *p = handle_.release();
        close();
        return p;
    }

private:
    void swap(Response &o) noexcept {
        std::swap(handle_, o.handle_);
        std::swap(token_, o.token_);
        std::swap(p_, o.p_);
        std::swap(alive_, o.alive_);
        std::swap(what_, o.what_);
    }
    detail::Handle<ofx_response, ofx_response_free> handle_;
    std::shared_ptr<char> token_;
};

// ------------------------------------------------------------------------------------------------
// Requests, images
// ------------------------------------------------------------------------------------------------

/// The kind of a request item (`ofx_request_kind`). include/ofx.h documents 1-11 and defines no
/// constants; the values past 11 are those the library returns (names from ofx_request_kind_name).
enum class RequestKind : uint32_t {
    None = 0, AccountInfo = 1, BankStatement = 2, BankClosing = 3, CreditCardStatement = 4, CreditCardClosing = 5,
    InvestmentStatement = 6, LoanStatement = 7, LoanClosing = 8, Profile = 9, MfaChallenge = 10, Image = 11,
    Transfer = 12, TransferModify = 13, TransferCancel = 14, InterbankTransfer = 15, InterbankModify = 16,
    InterbankCancel = 17, TransferSync = 18, InterbankSync = 19, Payment = 20, PaymentModify = 21, PaymentCancel = 22,
    PaymentStatus = 23, PayeeAdd = 24, PayeeModify = 25, PayeeDelete = 26, PayeeSync = 27, PaymentSync = 28,
};

/// A request item (statement, closing, account list, profile, MFA, transfer, payment, ...), made by a
/// Client's request_* functions. Post it with Client::post or add it to a Batch.
class Request {
public:
    Request() = default;
    explicit Request(ofx_request *p) noexcept : h_(p) {}
    /// The TRNUID.
    std::string uid() const { return ofx_request_uid(get()); }
    /// Sets the TRNUID (1-36 characters), e.g. to ask again after a lost answer.
    void set_uid(const std::string &uid) { detail::check(ofx_request_set_uid(get(), uid.c_str())); }
    RequestKind kind() const { return RequestKind(ofx_request_kind(get())); }
    /// "bank_statement", "transfer", ...
    std::string kind_name() const { return ofx_request_kind_name(ofx_request_kind(get())); }
    static std::string kind_name(RequestKind kind) { return ofx_request_kind_name(uint32_t(kind)); }
    void close() noexcept { h_.reset(); }
    bool closed() const noexcept { return h_.get() == nullptr; }
    const ofx_request *native() const { return get(); }

private:
    ofx_request *get() const {
        if (!h_.get()) throw ClosedError("ofx::Request");
        return h_.get();
    }
    detail::Handle<ofx_request, ofx_request_free> h_;
};

enum class ImageRefType : uint32_t { Opaque = OFX_IMAGE_OPAQUE, Url = OFX_IMAGE_URL, FormUrl = OFX_IMAGE_FORMURL };

/// A downloaded check or statement image.
class Image {
public:
    Image() = default;
    explicit Image(ofx_image *p) noexcept : h_(p) {}
    std::vector<uint8_t> data() const {
        const uint8_t *d = nullptr;
        std::size_t n = 0;
        detail::check(ofx_image_data(get(), &d, &n));
        return std::vector<uint8_t>(d, d + n);
    }
    std::string content_type() const { return ofx_image_content_type(get()); }
    void close() noexcept { h_.reset(); }
    bool closed() const noexcept { return h_.get() == nullptr; }

private:
    ofx_image *get() const {
        if (!h_.get()) throw ClosedError("ofx::Image");
        return h_.get();
    }
    detail::Handle<ofx_image, ofx_image_free> h_;
};

// ------------------------------------------------------------------------------------------------
// Callbacks
// ------------------------------------------------------------------------------------------------

/// A connection status change (copied; usable after the callback).
struct ConnectionEvent {
    uint32_t state = 0;     // OFX_CONN_*
    std::string state_name; // "resolving", "connecting", ...
    std::string host;
    uint16_t port = 0;
    std::string detail;
};

/// A TLS event. For kind == OFX_TLS_SERVER_CERTIFICATE the certificate fields are set and the
/// callback's TlsDecision counts; for the status kinds it is ignored.
struct TlsEvent {
    uint32_t kind = 0; // OFX_TLS_*
    std::string host;
    uint16_t port = 0;
    std::string detail;
    std::vector<uint8_t> cert_der;
    std::string cert_pem, subject, issuer;
    bool trusted = false; // the library's verdict
    std::string reason;   // why not trusted
    bool is_decision() const noexcept { return kind == OFX_TLS_SERVER_CERTIFICATE; }
};

enum class TlsDecision : int32_t { Accept = 0, Reject = -1, Default = 1 };

struct ErrorEvent {
    uint32_t code = 0;
    std::string name; // e.g. "OFX_RESULT_DNS"
    std::string message;
};

using ConnectionCallback = std::function<void(const ConnectionEvent &)>;
using TlsCallback = std::function<TlsDecision(const TlsEvent &)>;
using ErrorCallback = std::function<void(const ErrorEvent &)>;
/// Called once per synchronized record; return true to go on, false to stop the sync (it then throws
/// CallbackStoppedError and hands out no token).
using SyncCallback = std::function<bool(const MoneyRecord &)>;

namespace detail {
template <class Fn>
struct CallbackState {
    Fn fn;
    static void free(void *p) noexcept { delete static_cast<CallbackState *>(p); }
};

inline void connection_trampoline(void *ud, const ofx_connection_event *e) noexcept {
    if (pending()) return; // an earlier callback of this call threw: stay out of the way
    try {
        ConnectionEvent ev{e->state, str(e->state_name), str(e->host), e->port, str(e->detail)};
        static_cast<CallbackState<ConnectionCallback> *>(ud)->fn(ev);
    } catch (...) {
        capture();
    }
}
inline int32_t tls_trampoline(void *ud, const ofx_tls_event *e) noexcept {
    if (pending()) return int32_t(TlsDecision::Reject);
    try {
        TlsEvent ev;
        ev.kind = e->kind; ev.host = str(e->host); ev.port = e->port; ev.detail = str(e->detail);
        if (e->cert_der && e->cert_der_len) ev.cert_der.assign(e->cert_der, e->cert_der + e->cert_der_len);
        ev.cert_pem = str(e->cert_pem); ev.subject = str(e->subject); ev.issuer = str(e->issuer);
        ev.trusted = e->trusted != 0; ev.reason = str(e->reason);
        return int32_t(static_cast<CallbackState<TlsCallback> *>(ud)->fn(ev));
    } catch (...) {
        capture();
        return int32_t(TlsDecision::Reject);
    }
}
inline void error_trampoline(void *ud, const ofx_error_event *e) noexcept {
    if (pending()) return;
    try {
        ErrorEvent ev{e->code, result_name(e->code), str(e->message)};
        static_cast<CallbackState<ErrorCallback> *>(ud)->fn(ev);
    } catch (...) {
        capture();
    }
}
inline int32_t sync_trampoline(void *ud, const ofx_money_record *r) noexcept {
    if (pending()) return 1;
    try {
        return (*static_cast<const SyncCallback *>(ud))(convert(*r)) ? 0 : 1;
    } catch (...) {
        capture();
        return 1;
    }
}

/// Registers `fn` with `set` (a ofx_client_set_*_callback or ofx_batch_set_*_callback); an empty
/// function removes the callback. The heap state is owned by the native side from here on.
template <class Fn, class H, class Tramp, class Set, class Check>
void register_callback(H *h, Fn fn, Tramp tramp, Set set, Check check) {
    if (!fn) {
        check(h, set(h, nullptr, nullptr, nullptr));
        return;
    }
    auto *state = new CallbackState<Fn>{std::move(fn)};
    // On failure the library runs userdata_free (CallbackState::free) itself.
    check(h, set(h, tramp, state, &CallbackState<Fn>::free));
}
} // namespace detail

// ------------------------------------------------------------------------------------------------
// Request specifications
// ------------------------------------------------------------------------------------------------

/// What a statement or closing request asks for.
struct StatementRequest {
    /// "checking", "savings", "moneymrkt", "creditline", "cd", "creditcard", "investment" or "loan".
    std::string account_type;
    std::string account_id;
    std::optional<std::string> bank_id, branch_id, broker_id, loan_type;
    /// "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" or an OFX date-time.
    std::optional<std::string> start, end;
    bool include_transactions = true;
    std::optional<bool> include_pending, include_images;
    bool include_positions = true;
    std::optional<std::string> positions_as_of;
    bool include_open_orders = true, include_balance = true;

    static StatementRequest bank(std::string account_type, std::string bank_id, std::string account_id) {
        StatementRequest r;
        r.account_type = std::move(account_type);
        r.bank_id = std::move(bank_id);
        r.account_id = std::move(account_id);
        return r;
    }
    static StatementRequest credit_card(std::string account_id) {
        StatementRequest r;
        r.account_type = "creditcard";
        r.account_id = std::move(account_id);
        return r;
    }
    static StatementRequest investment(std::string broker_id, std::string account_id) {
        StatementRequest r;
        r.account_type = "investment";
        r.broker_id = std::move(broker_id);
        r.account_id = std::move(account_id);
        return r;
    }
    static StatementRequest loan(std::string account_id, std::optional<std::string> loan_type = std::nullopt) {
        StatementRequest r;
        r.account_type = "loan";
        r.account_id = std::move(account_id);
        r.loan_type = std::move(loan_type);
        return r;
    }
    StatementRequest &between(std::optional<std::string> from, std::optional<std::string> to) {
        start = std::move(from);
        end = std::move(to);
        return *this;
    }

    /// The C struct; its strings point into *this (keep it alive during the call).
    ofx_statement_request native() const {
        ofx_statement_request rq{};
        ofx_statement_request_init(&rq);
        rq.account_type = account_type.c_str();
        rq.account_id = account_id.c_str();
        rq.bank_id = detail::c_or_null(bank_id);
        rq.branch_id = detail::c_or_null(branch_id);
        rq.broker_id = detail::c_or_null(broker_id);
        rq.loan_type = detail::c_or_null(loan_type);
        rq.start = detail::c_or_null(start);
        rq.end = detail::c_or_null(end);
        rq.include_transactions = include_transactions ? 1 : 0;
        rq.include_pending = include_pending ? (*include_pending ? 1 : 0) : -1;
        rq.include_images = include_images ? (*include_images ? 1 : 0) : -1;
        rq.include_positions = include_positions ? 1 : 0;
        rq.positions_as_of = detail::c_or_null(positions_as_of);
        rq.include_open_orders = include_open_orders ? 1 : 0;
        rq.include_balance = include_balance ? 1 : 0;
        return rq;
    }
};

/// A transfer to make or change.
struct TransferSpec {
    std::string from_account_type, from_account;
    std::optional<std::string> from_bank_id;
    std::string to_account_type, to_account;
    /// nullopt: the source's bank (intrabank); another bank id: interbank.
    std::optional<std::string> to_bank_id;
    /// Exact decimal string, more than zero ("25.00"); Decimal::to_string() gives one.
    std::string amount;
    /// "YYYY-MM-DD"; nullopt for as soon as possible.
    std::optional<std::string> due;

    ofx_transfer_spec native() const {
        ofx_transfer_spec s{};
        ofx_transfer_spec_init(&s);
        s.from_account_type = from_account_type.c_str();
        s.from_account = from_account.c_str();
        s.from_bank_id = detail::c_or_null(from_bank_id);
        s.to_account_type = to_account_type.c_str();
        s.to_account = to_account.c_str();
        s.to_bank_id = detail::c_or_null(to_bank_id);
        s.amount = amount.c_str();
        s.due = detail::c_or_null(due);
        return s;
    }
};

/// A payment, or a payee to add or change (payees use only the payee fields and pay_account).
struct PaymentSpec {
    std::string from_account_type, from_account;
    std::optional<std::string> from_bank_id;
    std::string amount;
    std::optional<std::string> payee_id, payee_list_id, payee_name, payee_addr1, payee_addr2, payee_addr3;
    std::optional<std::string> payee_city, payee_state, payee_postal_code, payee_country, payee_phone;
    std::optional<std::string> pay_account, due, memo;

    ofx_payment_spec native() const {
        ofx_payment_spec s{};
        ofx_payment_spec_init(&s);
        s.from_account_type = from_account_type.empty() ? nullptr : from_account_type.c_str();
        s.from_account = from_account.empty() ? nullptr : from_account.c_str();
        s.from_bank_id = detail::c_or_null(from_bank_id);
        s.amount = amount.empty() ? nullptr : amount.c_str();
        s.payee_id = detail::c_or_null(payee_id);
        s.payee_list_id = detail::c_or_null(payee_list_id);
        s.payee_name = detail::c_or_null(payee_name);
        s.payee_addr1 = detail::c_or_null(payee_addr1);
        s.payee_addr2 = detail::c_or_null(payee_addr2);
        s.payee_addr3 = detail::c_or_null(payee_addr3);
        s.payee_city = detail::c_or_null(payee_city);
        s.payee_state = detail::c_or_null(payee_state);
        s.payee_postal_code = detail::c_or_null(payee_postal_code);
        s.payee_country = detail::c_or_null(payee_country);
        s.payee_phone = detail::c_or_null(payee_phone);
        s.pay_account = detail::c_or_null(pay_account);
        s.due = detail::c_or_null(due);
        s.memo = detail::c_or_null(memo);
        return s;
    }
};

/// What to synchronize.
struct SyncSpec {
    std::string account_type, account;
    std::optional<std::string> bank_id;
    /// "0" for the full history, "REFRESH" for the current state, or the token of the last sync.
    std::string token = "0";
    bool reject_if_missing = false;
    /// Transfer syncs: interbank (INTERSYNCRQ) instead of intrabank.
    bool interbank = false;

    ofx_sync_spec native() const {
        ofx_sync_spec s{};
        ofx_sync_spec_init(&s);
        s.account_type = account_type.empty() ? nullptr : account_type.c_str();
        s.account = account.empty() ? nullptr : account.c_str();
        s.bank_id = detail::c_or_null(bank_id);
        s.token = token.c_str();
        s.reject_if_missing = reject_if_missing ? 1 : 0;
        s.interbank = interbank ? 1 : 0;
        return s;
    }
};

/// The outcome of a successful sync.
struct SyncResult {
    /// The server's new token: keep it for the next sync.
    std::string token;
    /// The server lost track of the old token (what came is the current state).
    bool lost_sync = false;
    /// The whole answer (its records also via money_records()).
    Response response;
};

/// Details of the client's last failure.
struct ErrorInfo {
    uint32_t code = 0;
    uint16_t http_status = 0;
    std::string body_start;
};

/// The outcome of one batch item.
struct BatchItemStatus {
    uint32_t code = OFX_RESULT_OK;
    std::string message;
    bool ok() const noexcept { return code == OFX_RESULT_OK; }
    const char *name() const noexcept { return result_name(code); }
};

class Client;

// ------------------------------------------------------------------------------------------------
// Batch
// ------------------------------------------------------------------------------------------------

/// Requests of one client sent under one signon in one HTTPS post (OFXBatch). Make one with
/// Client::batch() or Client::read_batch_file(). Move-only.
class Batch {
public:
    Batch() = default;
    explicit Batch(ofx_batch *p) : h_(p), gen_(std::make_shared<char>(0)) {}

    /// Appends a copy of `request` (its TRNUID is kept); returns the item's index.
    std::size_t add(const Request &request) {
        std::size_t index = 0;
        ofx_batch *b = get();
        invalidate();
        detail::check_batch(b, ofx_batch_add_item(b, request.native(), &index));
        return index;
    }
    /// Replaces item `index` (or appends when index == size()).
    void set(std::size_t index, const Request &request) {
        ofx_batch *b = get();
        invalidate();
        detail::check_batch(b, ofx_batch_set_item(b, index, request.native()));
    }
    std::size_t size() const { return ofx_batch_item_count(get()); }
    void clear() {
        ofx_batch *b = get();
        invalidate();
        detail::check_batch(b, ofx_batch_clear(b));
    }
    /// Posts every item. Throws for a transport or request failure (every item then carries it); a
    /// server that answered gives per-item results: item_status(), item_response().
    void post() {
        ofx_batch *b = get();
        invalidate();
        detail::CallScope scope;
        ofx_result r;
        {
            detail::BusyScope busy(b);
            r = ofx_batch_post(b);
        }
        scope.rethrow();
        detail::check_batch(b, r);
    }
    /// The whole request document (masked: password and secrets hidden).
    std::string request_text(bool masked = true) {
        char *s = nullptr;
        ofx_batch *b = get();
        detail::check_batch(b, ofx_batch_request_text(b, masked ? 1 : 0, &s));
        return detail::take(s);
    }
    /// Item `index`'s request kind (RequestKind::None when out of range).
    RequestKind item_request_type(std::size_t index) const { return RequestKind(ofx_batch_item_request_type(get(), index)); }
    std::string item_uid(std::size_t index) const {
        const char *u = ofx_batch_item_uid(get(), index);
        if (!u) raise(OFX_RESULT_NOT_FOUND, "batch item " + std::to_string(index) + " does not exist");
        return u;
    }
    std::string item_request_text(std::size_t index) {
        char *s = nullptr;
        ofx_batch *b = get();
        detail::check_batch(b, ofx_batch_item_request_text(b, index, &s));
        return detail::take(s);
    }
    /// Item `index`'s outcome (OK when the server answered it; its own STATUS is in its response).
    BatchItemStatus item_status(std::size_t index) const {
        const ofx_batch *b = get();
        BatchItemStatus st;
        st.code = ofx_batch_item_error(b, index);
        st.message = detail::str(ofx_batch_item_error_message(b, index));
        return st;
    }
    /// Item `index`'s answer, borrowed from the batch: it throws ClosedError once the batch is posted
    /// again, changed, cleared or closed. Throws the item's error when it has no answer.
    ResponseView item_response(std::size_t index) const {
        const ofx_batch *b = get();
        const ofx_response *out = nullptr;
        ofx_result r = ofx_batch_item_response(b, index, &out);
        if (r != OFX_RESULT_OK) {
            BatchItemStatus st = item_status(index);
            if (st.code != OFX_RESULT_OK) raise(st.code, st.message.empty() ? std::string(ofx_batch_errmsg(b)) : st.message);
            detail::check_batch(b, r);
        }
        return ResponseView(out, gen_, "ofx::Batch item response");
    }
    /// Writes the last post's whole answer to `path` as OFX.
    void write_file(const std::string &path) const {
        const ofx_batch *b = get();
        detail::check_batch(b, ofx_batch_write_file(b, path.c_str()));
    }

    /// Callbacks for this batch only (replacing those copied from the client); empty removes.
    void on_connection(ConnectionCallback fn) {
        detail::register_callback(get(), std::move(fn), &detail::connection_trampoline, &ofx_batch_set_connection_callback, &detail::check_batch);
    }
    void on_tls(TlsCallback fn) {
        detail::register_callback(get(), std::move(fn), &detail::tls_trampoline, &ofx_batch_set_tls_callback, &detail::check_batch);
    }
    void on_error(ErrorCallback fn) {
        detail::register_callback(get(), std::move(fn), &detail::error_trampoline, &ofx_batch_set_error_callback, &detail::check_batch);
    }

    std::string errmsg() const { return ofx_batch_errmsg(get()); }
    /// Frees the batch now (idempotent); item responses become invalid. Throws UsageError when called
    /// from one of the batch's own callbacks.
    void close() {
        if (h_.get() && detail::is_busy(h_.get())) detail::raise_reentrant("ofx::Batch");
        gen_.reset();
        h_.reset();
    }
    bool closed() const noexcept { return h_.get() == nullptr; }
    ofx_batch *native() const { return get(); }

private:
    ofx_batch *get() const {
        if (!h_.get()) throw ClosedError("ofx::Batch");
        if (detail::is_busy(h_.get())) detail::raise_reentrant("ofx::Batch");
        return h_.get();
    }
    void invalidate() { gen_ = std::make_shared<char>(0); }
    // Member order: gen_ dies before... the handle is declared first so it is destroyed last.
    detail::Handle<ofx_batch, ofx_batch_free> h_;
    std::shared_ptr<char> gen_;
};

// ------------------------------------------------------------------------------------------------
// Client
// ------------------------------------------------------------------------------------------------

/// One FI, one user, one HTTP agent. Move-only; freed (credentials wiped) by the destructor or
/// close(). One thread at a time.
class Client {
public:
    /// A client with the library's defaults (OFX 102, APPID QWIN, APPVER 2700, system trust store).
    Client() {
        ofx_client *c = nullptr;
        detail::check(ofx_client_new(&c));
        h_ = detail::Handle<ofx_client, ofx_client_free>(c);
    }
    Client(Client &&) noexcept = default;
    Client &operator=(Client &&) noexcept = default;

    // ---- configuration
    /// Sets a configuration key ("url", "org", "fid", "version", "ca_file", "timeout_ms", ...).
    Client &set(const std::string &key, const std::string &value) {
        ofx_client *c = ptr();
        detail::check_client(c, ofx_client_set(c, key.c_str(), value.c_str()));
        return *this;
    }
    /// Reads a non-secret setting or a server-given value ("access_key", "version", ...); nullopt
    /// when it is not set.
    std::optional<std::string> get(const std::string &key) const {
        char *s = nullptr;
        const ofx_client *c = ptr();
        ofx_result r = ofx_client_get(c, key.c_str(), &s);
        if (r == OFX_RESULT_NOT_FOUND) return std::nullopt;
        detail::check_client(c, r);
        return detail::take(s);
    }
    Client &load_profile(const std::string &text) {
        ofx_client *c = ptr();
        detail::check_client(c, ofx_client_load_profile(c, text.c_str()));
        return *this;
    }
    Client &set_fi(const std::string &url, const std::string &org, const std::optional<std::string> &fid = std::nullopt) {
        ofx_client *c = ptr();
        detail::check_client(c, ofx_client_set_fi(c, url.c_str(), org.c_str(), detail::c_or_null(fid)));
        return *this;
    }
    Client &set_credentials(const std::string &user_id, const std::string &password) {
        ofx_client *c = ptr();
        detail::check_client(c, ofx_client_set_credentials(c, user_id.c_str(), password.c_str()));
        return *this;
    }
    /// Trusts the CA certificates of `pem` beside the system store.
    Client &add_ca_pem(std::string_view pem) {
        ofx_client *c = ptr();
        detail::check_client(c, ofx_client_add_ca_pem(c, reinterpret_cast<const uint8_t *>(pem.data()), pem.size()));
        return *this;
    }
    /// Sets the client certificate (PKCS#12 archive); an empty archive removes it.
    Client &set_client_cert(const std::vector<uint8_t> &p12, const std::optional<std::string> &password = std::nullopt) {
        ofx_client *c = ptr();
        detail::check_client(c, ofx_client_set_client_cert(c, p12.empty() ? nullptr : p12.data(), p12.size(), detail::c_or_null(password)));
        return *this;
    }

    // ---- callbacks (an empty std::function removes the callback)
    void on_connection(ConnectionCallback fn) {
        detail::register_callback(ptr(), std::move(fn), &detail::connection_trampoline, &ofx_client_set_connection_callback, &detail::check_client);
    }
    void on_tls(TlsCallback fn) {
        detail::register_callback(ptr(), std::move(fn), &detail::tls_trampoline, &ofx_client_set_tls_callback, &detail::check_client);
    }
    void on_error(ErrorCallback fn) {
        detail::register_callback(ptr(), std::move(fn), &detail::error_trampoline, &ofx_client_set_error_callback, &detail::check_client);
    }

    // ---- errors
    std::string errmsg() const { return ofx_client_errmsg(ptr()); }
    ErrorInfo error_info() const {
        ofx_error_info e{};
        const ofx_client *c = ptr();
        detail::check_client(c, ofx_client_error_info(c, &e));
        return ErrorInfo{e.code, e.http_status, detail::str(e.body_start)};
    }

    // ---- operations (each returns the answer; OFX-level refusals are read from it, see Response::check)
    Response account_info(const std::optional<std::string> &since = std::nullopt) {
        return run([&](ofx_client *c, ofx_response **o) { return ofx_client_account_info(c, detail::c_or_null(since), o); });
    }
    Response statement(const StatementRequest &rq) {
        ofx_statement_request n = rq.native();
        return run([&](ofx_client *c, ofx_response **o) { return ofx_client_statement(c, &n, o); });
    }
    Response closing(const StatementRequest &rq) {
        ofx_statement_request n = rq.native();
        return run([&](ofx_client *c, ofx_response **o) { return ofx_client_closing(c, &n, o); });
    }
    Response profile(const std::optional<std::string> &since = std::nullopt) {
        return run([&](ofx_client *c, ofx_response **o) { return ofx_client_profile(c, detail::c_or_null(since), o); });
    }
    Response mfa_challenge() {
        return run([&](ofx_client *c, ofx_response **o) { return ofx_client_mfa_challenge(c, o); });
    }
    void set_mfa_answer(const std::string &phrase_id, const std::string &answer) {
        ofx_client *c = ptr();
        detail::check_client(c, ofx_client_set_mfa_answer(c, phrase_id.c_str(), answer.c_str()));
    }
    Image get_image(ImageRefType type, const std::string &image_ref) {
        ofx_client *c = ptr();
        ofx_image *img = nullptr;
        detail::CallScope scope;
        ofx_result r;
        {
            detail::BusyScope busy(c);
            r = ofx_client_get_image(c, uint32_t(type), image_ref.c_str(), &img);
        }
        Image out(r == OFX_RESULT_OK ? img : nullptr);
        scope.rethrow();
        detail::check_client(c, r);
        return out;
    }
    /// Posts one request item under the client's signon.
    Response post(const Request &request) {
        const ofx_request *rq = request.native();
        return run([&](ofx_client *c, ofx_response **o) { return ofx_client_post(c, rq, o); });
    }
    /// The request document the client would post (masked: password and secrets hidden).
    std::string request_text(const Request &request, bool masked = true) {
        ofx_client *c = ptr();
        char *s = nullptr;
        detail::check_client(c, ofx_request_text(c, request.native(), masked ? 1 : 0, &s));
        return detail::take(s);
    }

    // ---- request items
    Request request_statement(const StatementRequest &rq) const {
        ofx_statement_request n = rq.native();
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_statement(c, &n, o); });
    }
    Request request_closing(const StatementRequest &rq) const {
        ofx_statement_request n = rq.native();
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_closing(c, &n, o); });
    }
    Request request_account_info(const std::optional<std::string> &since = std::nullopt) const {
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_account_info(c, detail::c_or_null(since), o); });
    }
    Request request_profile(const std::optional<std::string> &since = std::nullopt) const {
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_profile(c, detail::c_or_null(since), o); });
    }
    Request request_mfa_challenge() const {
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_mfa_challenge(c, o); });
    }
    Request request_transfer(const TransferSpec &spec) const {
        ofx_transfer_spec n = spec.native();
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_transfer(c, &n, o); });
    }
    Request request_transfer_modify(const std::string &transfer_id, const TransferSpec &spec) const {
        ofx_transfer_spec n = spec.native();
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_transfer_modify(c, transfer_id.c_str(), &n, o); });
    }
    Request request_transfer_cancel(const std::string &transfer_id, bool interbank = false) const {
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_transfer_cancel(c, transfer_id.c_str(), interbank ? 1 : 0, o); });
    }
    Request request_transfer_sync(const SyncSpec &spec) const {
        ofx_sync_spec n = spec.native();
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_transfer_sync(c, &n, o); });
    }
    Request request_payment(const PaymentSpec &spec) const {
        ofx_payment_spec n = spec.native();
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_payment(c, &n, o); });
    }
    Request request_payment_modify(const std::string &payment_id, const PaymentSpec &spec) const {
        ofx_payment_spec n = spec.native();
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_payment_modify(c, payment_id.c_str(), &n, o); });
    }
    Request request_payment_cancel(const std::string &payment_id) const {
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_payment_cancel(c, payment_id.c_str(), o); });
    }
    Request request_payment_status(const std::string &payment_id) const {
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_payment_status(c, payment_id.c_str(), o); });
    }
    Request request_payee_add(const PaymentSpec &spec) const {
        ofx_payment_spec n = spec.native();
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_payee_add(c, &n, o); });
    }
    Request request_payee_modify(const std::string &payee_list_id, const PaymentSpec &spec) const {
        ofx_payment_spec n = spec.native();
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_payee_modify(c, payee_list_id.c_str(), &n, o); });
    }
    Request request_payee_delete(const std::string &payee_list_id) const {
        return make([&](const ofx_client *c, ofx_request **o) { return ofx_request_payee_delete(c, payee_list_id.c_str(), o); });
    }

    // ---- money: post a request_transfer / request_payment with post(); syncs run here
    /// Synchronizes transfers. `on_record` runs once per record (return true to go on). The token is
    /// handed out only when every record was read and every callback returned true.
    SyncResult sync_transfers(const SyncSpec &spec, const SyncCallback &on_record = {}) { return sync(&ofx_client_sync_transfers, spec, on_record); }
    SyncResult sync_payments(const SyncSpec &spec, const SyncCallback &on_record = {}) { return sync(&ofx_client_sync_payments, spec, on_record); }
    /// The account fields of `spec` are not used.
    SyncResult sync_payees(const SyncSpec &spec, const SyncCallback &on_record = {}) { return sync(&ofx_client_sync_payees, spec, on_record); }

    // ---- batches
    /// An empty batch with a copy of this client's FI, signon, settings and callbacks.
    Batch batch() const {
        ofx_batch *b = nullptr;
        const ofx_client *c = ptr();
        detail::check_client(c, ofx_batch_new(c, &b));
        return Batch(b);
    }
    /// A batch read from an answer file (as Batch::write_file wrote it), belonging to this client.
    Batch read_batch_file(const std::string &path) const {
        ofx_batch *b = nullptr;
        const ofx_client *c = ptr();
        ofx_result r = ofx_batch_read_file(c, path.c_str(), &b);
        if (r != OFX_RESULT_OK) detail::check(r);
        return Batch(b);
    }

    /// Frees the client now (idempotent): connections closed, credentials wiped, callbacks released.
    /// Throws UsageError when called from one of the client's own callbacks.
    void close() {
        if (h_.get() && detail::is_busy(h_.get())) detail::raise_reentrant("ofx::Client");
        h_.reset();
    }
    bool closed() const noexcept { return h_.get() == nullptr; }
    ofx_client *native() const { return ptr(); }

private:
    ofx_client *ptr() const {
        if (!h_.get()) throw ClosedError("ofx::Client");
        if (detail::is_busy(h_.get())) detail::raise_reentrant("ofx::Client");
        return h_.get();
    }
    template <class F>
    Response run(F f) {
        ofx_client *c = ptr();
        ofx_response *out = nullptr;
        detail::CallScope scope;
        ofx_result r;
        {
            detail::BusyScope busy(c);
            r = f(c, &out);
        }
        Response resp = Response::adopt(r == OFX_RESULT_OK ? out : nullptr);
        scope.rethrow();
        detail::check_client(c, r);
        return resp;
    }
    template <class F>
    Request make(F f) const {
        const ofx_client *c = ptr();
        ofx_request *out = nullptr;
        ofx_result r = f(c, &out);
        if (r != OFX_RESULT_OK) {
            // Request constructors report through the thread's last error (the client is const).
            std::string msg = ofx_last_error_message();
            if (msg.empty()) msg = ofx_client_errmsg(c);
            raise(r, std::move(msg));
        }
        return Request(out);
    }
    using SyncFn = ofx_result (*)(ofx_client *, const ofx_sync_spec *, ofx_sync_record_callback, void *, char **, int32_t *, ofx_response **);
    SyncResult sync(SyncFn fn, const SyncSpec &spec, const SyncCallback &on_record) {
        ofx_client *c = ptr();
        ofx_sync_spec n = spec.native();
        char *token = nullptr;
        int32_t lost = 0;
        ofx_response *out = nullptr;
        detail::CallScope scope;
        ofx_result r;
        {
            detail::BusyScope busy(c);
            r = fn(c, &n, on_record ? &detail::sync_trampoline : nullptr,
                   on_record ? const_cast<void *>(static_cast<const void *>(&on_record)) : nullptr, &token, &lost, &out);
        }
        SyncResult res;
        if (r == OFX_RESULT_OK) {
            res.response = Response::adopt(out);
            res.token = detail::take(token);
            res.lost_sync = lost != 0;
        }
        scope.rethrow();
        detail::check_client(c, r);
        return res;
    }
    detail::Handle<ofx_client, ofx_client_free> h_;
};

} // namespace ofx

#endif // OFXKIT_OFX_HPP
