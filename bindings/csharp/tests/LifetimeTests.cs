// Callbacks that throw, callback registrations released, use after close, the finalizer safety net.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using Ofxkit;

namespace Ofxkit.Tests
{
    public sealed class HostError : Exception
    {
        public HostError(string m) : base(m) { }
    }

    public static class Callbacks
    {
        [Test]
        public static void ThrowingTlsCallbackSurfacesAfterTheCall()
        {
            int calls = 0;
            using (var client = Sandbox.Client())
            {
                client.SetTlsCallback(ev =>
                {
                    calls++;
                    if (ev.IsServerCertificate) throw new HostError("refused by the host: " + ev.Subject);
                    return TlsDecision.KeepLibraryVerdict;
                });
                var e = Assert.Throws<HostError>(() => client.Statement(Sandbox.CheckingStatement()), "host exception");
                Assert.Contains("refused by the host: ", e.Message, "the host's own message");
                Assert.Contains("ofxkit sandbox", e.Message, "thrown with the event's subject");
                Assert.Contains("ThrowingTlsCallbackSurfacesAfterTheCall", e.StackTrace, "the original stack (the lambda) is kept");
                // The throwing callback rejected the certificate: the client saw a certificate error.
                Assert.Equal(OfxResult.Certificate, client.LastErrorInfo.Code, "native result was the certificate error");
                // The client is still usable, and a later call without a throw works.
                client.SetTlsCallback(ev => TlsDecision.Accept);
                using (var resp = client.AccountInfo())
                    Assert.True(resp.Accounts.Count > 0, "works after the throw");
            }
            Assert.True(calls > 0, "the callback ran");
        }

        [Test]
        public static void ThrowingConnectionCallbackOnASuccessfulCall()
        {
            int seen = 0;
            using (var client = Sandbox.TrustingClient())
            {
                client.SetConnectionCallback(ev =>
                {
                    seen++;
                    if (ev.State == ConnectionState.Connected) throw new InvalidOperationException("first");
                    if (ev.State == ConnectionState.ResponseReceived) throw new InvalidOperationException("second");
                });
                var e = Assert.Throws<InvalidOperationException>(() => client.Profile(), "host exception on success");
                Assert.Equal("first", e.Message, "the first exception wins");
                Assert.True(seen >= 3, "later events still ran: " + seen);
            }
        }

        [Test]
        public static void ThrowingSyncCallbackStopsTheSync()
        {
            using (var client = Sandbox.TrustingClient())
            {
                client.Set("version", "220");
                using (var req = client.RequestTransfer(new TransferSpec
                {
                    FromAccountType = "checking", FromAccount = Sandbox.Checking, FromBankId = Sandbox.BankId,
                    ToAccountType = "savings", ToAccount = Sandbox.Savings, Amount = 1.50m,
                }))
                using (var resp = client.Post(req))
                    resp.Check();
                var spec = new SyncSpec { AccountType = "checking", Account = Sandbox.Checking, BankId = Sandbox.BankId, Token = "0" };
                var e = Assert.Throws<HostError>(() => client.SyncTransfers(spec, r => { throw new HostError("record " + r.Id); }), "host exception");
                Assert.Contains("record ", e.Message, "message");
                Assert.Equal(OfxResult.CallbackStopped, client.LastErrorInfo.Code, "native result: stopped by the callback");
            }
        }

        [Test]
        public static void ThrowingErrorCallback()
        {
            using (var client = new OfxClient())
            {
                client.SetFi("https://nonexistent.invalid/ofx", Sandbox.Org, Sandbox.Fid);
                client.SetCredentials(Sandbox.User, Sandbox.Password);
                client.SetErrorCallback(ev => { throw new HostError("error event " + ev.Name); });
                var e = Assert.Throws<HostError>(() => client.Profile(), "host exception instead of the DNS error");
                Assert.Equal("error event OFX_RESULT_DNS", e.Message, "the callback saw the DNS code");
            }
        }

        [Test]
        public static void RegistrationsAreReleasedExactlyOnce()
        {
            int baseline = Ofx.LiveCallbackRegistrations;
            var client = Sandbox.TrustingClient();
            client.SetTlsCallback(ev => TlsDecision.KeepLibraryVerdict);
            client.SetConnectionCallback(ev => { });
            client.SetErrorCallback(ev => { });
            Assert.Equal(baseline + 3, Ofx.LiveCallbackRegistrations, "three registrations");
            client.SetTlsCallback(ev => TlsDecision.KeepLibraryVerdict); // replaces: the old one is freed
            Assert.Equal(baseline + 3, Ofx.LiveCallbackRegistrations, "replaced, not leaked");
            client.SetErrorCallback(null); // removed
            Assert.Equal(baseline + 2, Ofx.LiveCallbackRegistrations, "removed");

            var batch = client.NewBatch(); // shares the client's registrations
            Assert.Equal(baseline + 2, Ofx.LiveCallbackRegistrations, "shared with the batch");
            batch.SetErrorCallback(ev => { });
            Assert.Equal(baseline + 3, Ofx.LiveCallbackRegistrations, "batch's own");
            client.Dispose();
            Assert.Equal(baseline + 3, Ofx.LiveCallbackRegistrations, "the batch still holds the shared ones");
            batch.Dispose();
            Assert.Equal(baseline, Ofx.LiveCallbackRegistrations, "all released when the batch is freed");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        static void ForgetAClientWithCallbacks()
        {
            var c = new OfxClient();
            c.SetConnectionCallback(ev => { });
            c.SetTlsCallback(ev => TlsDecision.Reject);
            var r = OfxResponse.ReadFile(Path.Combine(Program.RepoRoot, "examples", "data", "sample.ofx"));
            Assert.Equal(2, r.Statements.Count, "read");
            // neither disposed
        }

        [Test]
        public static void FinalizerFreesForgottenHandles()
        {
            int baseline = Ofx.LiveCallbackRegistrations;
            // On a thread of its own, so that no stale reference stays on this stack (Mono scans stacks conservatively).
            var t = new System.Threading.Thread(ForgetAClientWithCallbacks);
            t.Start();
            t.Join();
            Assert.Equal(baseline + 2, Ofx.LiveCallbackRegistrations, "registered");
            for (int i = 0; i < 10 && Ofx.LiveCallbackRegistrations != baseline; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            Assert.Equal(baseline, Ofx.LiveCallbackRegistrations, "the finalizer freed the client and its callbacks' userdata");
        }
    }

    public static class Lifetime
    {
        [Test]
        public static void UseAfterCloseIsAClearError()
        {
            var client = Sandbox.TrustingClient();
            var req = client.RequestProfile();
            client.Dispose();
            client.Dispose(); // twice is fine: freed once
            Assert.True(client.IsClosed, "closed");
            var e = Assert.Throws<ObjectDisposedException>(() => client.Set("version", "220"), "client after close");
            Assert.Equal("OfxClient", e.ObjectName, "names the object");
            Assert.Contains("closed", e.Message, "says closed");
            Assert.Throws<ObjectDisposedException>(() => client.Post(req), "post after close");
            Assert.Throws<ObjectDisposedException>(() => client.NewBatch(), "batch of a closed client");
            Assert.NotEmpty(req.Uid, "the request lives on its own");
            req.Dispose();
            Assert.Throws<ObjectDisposedException>(() => { var u = req.Uid; }, "request after close");

            var resp = OfxResponse.ReadFile(Path.Combine(Program.RepoRoot, "examples", "data", "sample.ofx"));
            var st = resp.Statements;
            var elem = st[0].Element;
            resp.Dispose();
            resp.Dispose();
            var re = Assert.Throws<ObjectDisposedException>(() => resp.ToJson(), "response after close");
            Assert.Equal("OfxResponse", re.ObjectName, "names the response");
            Assert.Throws<ObjectDisposedException>(() => { var n = elem.Name; }, "element of a closed response");
            // Typed views are managed copies: still readable.
            Assert.Equal("0004417725", st[0].AccountId, "copied view survives");
            Assert.Equal(1106.05m, st[0].Transactions.Sum(t => t.Amount.Value), "copied transactions survive");
        }

        [Test]
        public static void VersionAndResultStrings()
        {
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(Ofx.Version, @"^\d+\.\d+\.\d+$"), "version " + Ofx.Version);
            Assert.Equal("host name not found", Ofx.ResultString(OfxResult.Dns), "ofx_result_str");
            Assert.Equal("unknown result code", Ofx.ResultString((OfxResult)9999), "unknown code");
            Assert.Equal("OFX_RESULT_9999", OfxException.NameOf((OfxResult)9999), "unknown name");
            Assert.Equal("OFX_RESULT_CALLBACK_STOPPED", OfxException.NameOf(OfxResult.CallbackStopped), "name");
        }

        [Test]
        public static void ReadmeExampleIsATest()
        {
            string readme = File.ReadAllText(Path.Combine(Program.RepoRoot, "bindings", "csharp", "README.md"));
            string src = File.ReadAllText(Path.Combine(Program.RepoRoot, "bindings", "csharp", "tests", "ReadingTests.cs"));
            int a = src.IndexOf("// README example begins", StringComparison.Ordinal);
            int b = src.IndexOf("// README example ends", StringComparison.Ordinal);
            Assert.True(a > 0 && b > a, "markers in ReadingTests.cs");
            var lines = src.Substring(a, b - a).Split('\n').Skip(1).Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
            int indent = lines.Min(l => l.Length - l.TrimStart().Length);
            string body = string.Join("\n", lines.Select(l => l.Substring(indent)));
            Assert.Contains(body, readme.Replace("\r\n", "\n"), "README shows Reading.ReadmeExample verbatim");
        }
    }
}
