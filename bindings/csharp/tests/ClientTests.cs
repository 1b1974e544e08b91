// Talking to the sandbox: statements with the TLS callback or the CA file, certificate and DNS
// errors, account lists, investment statements, profiles, closings, request items.
using System;
using System.Collections.Generic;
using System.Linq;
using Ofxkit;

namespace Ofxkit.Tests
{
    public static class Client
    {
        [Test]
        public static void StatementWithTlsCallbackAcceptingTheCertificate()
        {
            var tls = new List<TlsEvent>();
            var states = new List<ConnectionState>();
            using (var client = Sandbox.Client())
            {
                client.SetTlsCallback(ev =>
                {
                    tls.Add(ev);
                    if (ev.IsServerCertificate && ev.Subject.Contains("ofxkit sandbox") && ev.Host == "localhost")
                        return TlsDecision.Accept;
                    return TlsDecision.KeepLibraryVerdict;
                });
                client.SetConnectionCallback(ev => states.Add(ev.State));
                using (var resp = client.Statement(Sandbox.CheckingStatement()))
                {
                    Assert.Equal(0, resp.Signon.StatusCode, "signon status");
                    Assert.Equal(Sandbox.Fid, resp.Signon.Fid, "FID");
                    var st = resp.Statements.Single();
                    Assert.Equal(StatementKind.Bank, st.Kind, "kind");
                    Assert.Equal(Sandbox.Checking, st.AccountId, "account id");
                    Assert.Equal(Sandbox.BankId, st.BankId, "bank id");
                    Assert.Equal("CHECKING", st.AccountType, "account type");
                    Assert.Equal(0, st.StatusCode, "statement status");
                    Assert.True(st.Transactions.Count > 0, "transactions: " + st.Transactions.Count);
                    Assert.True(st.Transactions.All(t => t.Amount.HasValue && !string.IsNullOrEmpty(t.FitId)), "every transaction has an amount and a FITID");
                    Assert.True(st.Transactions.All(t => t.DatePosted.Value >= Sandbox.Day(2024, 1, 1) && t.DatePosted.Value < Sandbox.Day(2026, 1, 1)), "dates inside the period");
                    Assert.True(st.LedgerBalance.HasValue, "ledger balance");
                }
            }
            var cert = tls.Single(e => e.IsServerCertificate);
            Assert.Contains("ofxkit sandbox", cert.Subject, "subject");
            Assert.Contains("ofxkit sandbox", cert.Issuer, "issuer");
            Assert.Contains("CN=ofxkit sandbox CA", cert.Issuer, "issuer CN");
            Assert.True(!cert.Trusted, "the library does not trust the sandbox CA");
            Assert.NotEmpty(cert.Reason, "why not trusted");
            Assert.True(cert.CertificateDer != null && cert.CertificateDer.Length > 100 && cert.CertificateDer[0] == 0x30, "DER certificate (a SEQUENCE)");
            Assert.Contains("-----BEGIN CERTIFICATE-----", cert.CertificatePem, "PEM");
            Assert.Equal(Sandbox.Shared.Port, cert.Port, "port");
            Assert.True(tls.Any(e => e.Kind == TlsEventKind.AcceptedByCallback), "an accepted-by-callback status event followed");
            Assert.True(states.Contains(ConnectionState.Connected) && states.Contains(ConnectionState.ResponseReceived), "connection states: " + string.Join(",", states));
        }

        [Test]
        public static void StatementTrustingTheCaFile()
        {
            var tls = new List<TlsEvent>();
            using (var client = Sandbox.TrustingClient())
            {
                client.SetTlsCallback(ev => { tls.Add(ev); return TlsDecision.KeepLibraryVerdict; });
                using (var resp = client.Statement(StatementRequest.CreditCard(Sandbox.Card).Period(Sandbox.Day(2024, 1, 1), Sandbox.Day(2025, 12, 31))))
                {
                    var st = resp.Statements.Single();
                    Assert.Equal(StatementKind.CreditCard, st.Kind, "kind");
                    Assert.Equal(Sandbox.Card, st.AccountId, "card");
                    Assert.True(st.Transactions.Count > 0, "card transactions");
                }
            }
            var cert = tls.Single(e => e.IsServerCertificate);
            Assert.True(cert.Trusted, "trusted through ca_file");
            Assert.True(tls.Any(e => e.Kind == TlsEventKind.CertificateTrusted), "certificate-trusted event");
        }

        [Test]
        public static void UntrustedCertificateWithoutCallbackFails()
        {
            var errors = new List<ErrorEvent>();
            using (var client = Sandbox.Client())
            {
                client.SetErrorCallback(e => errors.Add(e));
                var e1 = Assert.Throws<OfxCertificateException>(() => client.Statement(Sandbox.CheckingStatement()), "no CA, no callback");
                Assert.Equal(OfxResult.Certificate, e1.Code, "code");
                Assert.Equal(207u, e1.NumericCode, "numeric");
                Assert.Equal("OFX_RESULT_CERTIFICATE", e1.Name, "name");
                Assert.NotEmpty(e1.Message, "message");
                Assert.Equal(e1.Message, client.ErrorMessage, "the client keeps the message");
                Assert.Equal(OfxResult.Certificate, client.LastErrorInfo.Code, "error info");
                Assert.True(e1 is OfxTransportException, "a transport error");
            }
            Assert.Equal(OfxResult.Certificate, errors.Single().Code, "the error callback saw the code");
            Assert.Equal("OFX_RESULT_CERTIFICATE", errors.Single().Name, "error event name");
        }

        [Test]
        public static void TlsCallbackRejectingTheCertificate()
        {
            int asked = 0;
            using (var client = Sandbox.Client())
            {
                client.SetTlsCallback(ev => { if (ev.IsServerCertificate) asked++; return TlsDecision.Reject; });
                var e = Assert.Throws<OfxCertificateException>(() => client.Profile(), "rejected");
                Assert.Equal(OfxResult.Certificate, e.Code, "code");
            }
            Assert.Equal(1, asked, "asked once");
        }

        [Test]
        public static void DnsFailure()
        {
            var errors = new List<ErrorEvent>();
            using (var client = new OfxClient())
            {
                client.SetFi("https://nonexistent.invalid/ofx", Sandbox.Org, Sandbox.Fid);
                client.SetCredentials(Sandbox.User, Sandbox.Password);
                client.SetErrorCallback(errors.Add);
                var e = Assert.Throws<OfxDnsException>(() => client.AccountInfo(), "DNS");
                Assert.Equal(OfxResult.Dns, e.Code, "code");
                Assert.Equal(203u, e.NumericCode, "numeric");
                Assert.Equal("OFX_RESULT_DNS", e.Name, "name");
                Assert.Contains("nonexistent.invalid", e.Message, "message names the host");
            }
            Assert.Equal(OfxResult.Dns, errors.Single().Code, "error callback");
        }

        [Test]
        public static void ConfigErrors()
        {
            using (var client = new OfxClient())
            {
                var e = Assert.Throws<OfxConfigException>(() => client.Set("no_such_setting", "1"), "unknown key");
                Assert.Equal(OfxResult.Config, e.Code, "code");
                Assert.Contains("no_such_setting", e.Message, "message names the key");
                var v = Assert.Throws<OfxConfigException>(() => client.Set("version", "999"), "bad version");
                Assert.Contains("999", v.Message, "message names the value");
                client.Set("version", "220");
                Assert.Equal("220", client.Get("version"), "version read back");
                Assert.True(client.Get("access_key") == null, "unset value is null");
                // No URL: the operation fails before anything is sent.
                client.SetCredentials(Sandbox.User, Sandbox.Password);
                var n = Assert.Throws<OfxConfigException>(() => client.Profile(), "no URL");
                Assert.Equal(OfxResult.Config, n.Code, "config code");
                Assert.Contains("URL", n.Message, "message says what is missing");
                client.SetFi("http://localhost:1/ofx", "X", "1");
                var h = Assert.Throws<OfxConfigException>(() => client.Profile(), "http:// refused");
                Assert.Equal(OfxResult.InvalidUrl, h.Code, "invalid url code");
                Assert.Equal("OFX_RESULT_INVALID_URL", h.Name, "invalid url name");
                Assert.Contains("http://", h.Message, "message");
            }
        }

        [Test]
        public static void AccountInfoListsTheDemoAccounts()
        {
            using (var client = Sandbox.TrustingClient())
            using (var resp = client.AccountInfo())
            {
                var ids = resp.Accounts.Select(a => a.AccountId).ToList();
                foreach (var id in new[] { Sandbox.Checking, Sandbox.Savings, Sandbox.Card, Sandbox.Investment })
                    Assert.True(ids.Contains(id), "account " + id + " in " + string.Join(",", ids));
                var checking = resp.Accounts.First(a => a.AccountId == Sandbox.Checking);
                Assert.Equal("bank", checking.Kind, "kind");
                Assert.Equal(Sandbox.BankId, checking.BankId, "bank id");
                Assert.Equal("CHECKING", checking.AccountType, "type");
                var inv = resp.Accounts.First(a => a.AccountId == Sandbox.Investment);
                Assert.Equal("investment", inv.Kind, "investment kind");
                Assert.Equal(Sandbox.Broker, inv.BrokerId, "broker");
            }
        }

        [Test]
        public static void InvestmentStatementWithPositionsAndSecurities()
        {
            using (var client = Sandbox.TrustingClient())
            using (var resp = client.Statement(StatementRequest.Investment(Sandbox.Broker, Sandbox.Investment).Period(Sandbox.Day(2024, 1, 1), Sandbox.Day(2025, 12, 31))))
            {
                var st = resp.Statements.Single();
                Assert.Equal(StatementKind.Investment, st.Kind, "kind");
                Assert.Equal(Sandbox.Investment, st.AccountId, "account");
                Assert.Equal(Sandbox.Broker, st.BrokerId, "broker");
                Assert.True(st.Positions.Count > 0, "positions");
                Assert.True(st.Positions.All(p => p.Units.HasValue && !string.IsNullOrEmpty(p.SecurityId)), "positions have units and a security");
                Assert.True(resp.Securities.Count > 0, "securities");
                var ids = resp.Securities.Select(s => s.Id).ToList();
                Assert.True(st.Positions.All(p => ids.Contains(p.SecurityId)), "every position's security is in the SECLIST");
                Assert.True(resp.Securities.Any(s => !string.IsNullOrEmpty(s.Name)), "security names");
                Assert.True(st.Transactions.Count > 0, "investment transactions");
            }
        }

        [Test]
        public static void ProfileAndClosing()
        {
            using (var client = Sandbox.TrustingClient())
            {
                using (var resp = client.Profile())
                {
                    var p = resp.Profile;
                    Assert.True(p != null, "a profile");
                    Assert.NotEmpty(p.FiName, "FI name");
                    Assert.True(p.MessageSets.Count > 0, "message sets");
                    Assert.True(p.MessageSets.Any(m => m.Name == "SIGNONMSGSET"), "SIGNONMSGSET in " + string.Join(",", p.MessageSets.Select(m => m.Name)));
                    Assert.True(p.SignonRealms.Count > 0, "signon realms");
                }
                using (var resp = client.Closing(Sandbox.CheckingStatement()))
                {
                    var c = resp.Closings;
                    Assert.True(c.Count > 0, "closings");
                    Assert.True(c.All(x => x.AccountId == Sandbox.Checking && x.Kind == StatementKind.Bank), "closings of the checking account");
                    Assert.True(c.All(x => x.BalanceClose.HasValue && x.DateClose.HasValue), "closing balance and date");
                }
            }
        }

        [Test]
        public static void LoanStatementAtOfx211()
        {
            using (var client = Sandbox.TrustingClient())
            {
                client.Set("version", "211");
                using (var resp = client.Statement(StatementRequest.Loan(Sandbox.Loan).Period(Sandbox.Day(2024, 1, 1), Sandbox.Day(2025, 12, 31))))
                {
                    Assert.Equal("211", client.Get("version"), "version");
                    var st = resp.Statements.Single();
                    Assert.Equal(StatementKind.Loan, st.Kind, "kind");
                    Assert.Equal(Sandbox.Loan, st.AccountId, "loan account");
                    Assert.True(st.LedgerBalance.HasValue, "principal balance");
                    Assert.True(st.Transactions.Count > 0, "loan transactions");
                }
            }
        }

        [Test]
        public static void CheckImagesAtOfx211()
        {
            using (var client = Sandbox.TrustingClient())
            {
                client.Set("version", "211");
                var rq = Sandbox.CheckingStatement();
                rq.IncludeImages = true;
                using (var resp = client.Statement(rq))
                {
                    var refs = resp.Statements.Single().Transactions
                        .Select(t => t.Element.Find("IMAGEDATA"))
                        .Where(e => e != null)
                        .Select(e => new { Ref = e.Find("IMAGEREF").Text, Type = e.Find("IMAGEREFTYPE").Text })
                        .ToList();
                    Assert.True(refs.Count > 0, "image references in the statement");
                    foreach (var r in refs.GroupBy(x => x.Type).Select(g => g.First()))
                    {
                        var type = r.Type == "URL" ? ImageRefType.Url : r.Type == "FORMURL" ? ImageRefType.FormUrl : ImageRefType.Opaque;
                        using (var img = client.GetImage(type, r.Ref))
                        {
                            Assert.True(img.Data.Length > 0, r.Type + " image bytes");
                            Assert.Contains("image/", img.ContentType, r.Type + " content type");
                        }
                    }
                }
            }
        }

        [Test]
        public static void MfaChallengeThenAccessKey()
        {
            using (var client = Sandbox.TrustingClient())
            {
                client.SetCredentials("mfa", "mfa-pass");
                client.Set("version", "211");
                using (var first = client.AccountInfo())
                    Assert.Equal(3000, first.Signon.StatusCode, "MFA required (the answer is still a response)");
                using (var ch = client.MfaChallenge())
                {
                    var qs = ch.MfaQuestions;
                    Assert.Equal("MFA13,MFA16,MFA107", string.Join(",", qs.Select(q => q.PhraseId)), "questions");
                    Assert.Equal("What is your favorite color?", qs[0].Label, "label");
                    Assert.True(qs[2].Label == null, "MFA107 has no label");
                }
                client.SetMfaAnswer("MFA13", "blue");
                client.SetMfaAnswer("MFA16", "rex");
                client.SetMfaAnswer("MFA107", "ofxkit-csharp-tests");
                using (var again = client.AccountInfo())
                {
                    Assert.Equal(0, again.Signon.StatusCode, "signed on");
                    Assert.NotEmpty(again.Signon.AccessKey, "ACCESSKEY in the signon");
                    Assert.True(again.Accounts.Any(a => a.AccountId == "2000111111"), "the mfa user's account");
                }
                Assert.NotEmpty(client.Get("access_key"), "the client keeps the ACCESSKEY");
            }
        }

        [Test]
        public static void RequestItemsUidKindAndText()
        {
            using (var client = Sandbox.TrustingClient())
            using (var req = client.RequestStatement(Sandbox.CheckingStatement()))
            {
                Assert.NotEmpty(req.Uid, "fresh TRNUID");
                Assert.Equal(RequestKind.BankStatement, req.Kind, "kind");
                Assert.Equal("bank_statement", req.KindName, "kind name");
                req.Uid = "CSHARP-UID-1";
                Assert.Equal("CSHARP-UID-1", req.Uid, "TRNUID set");
                string masked = client.RequestText(req);
                Assert.Contains("CSHARP-UID-1", masked, "masked text has the TRNUID");
                Assert.Contains(Sandbox.Checking, masked, "masked text has the account");
                Assert.True(!masked.Contains(Sandbox.Password), "masked text hides the password");
                Assert.Contains(Sandbox.Password, client.RequestText(req, masked: false), "unmasked text has the password");
                using (var resp = client.Post(req))
                {
                    Assert.Equal("CSHARP-UID-1", resp.Statements.Single().TrnUid, "the answer carries our TRNUID");
                    Assert.True(resp.Statements.Single().Transactions.Count > 0, "transactions");
                }
                var bad = Assert.Throws<OfxInvalidArgumentException>(() => client.RequestStatement(StatementRequest.Bank("checking", null, Sandbox.Checking)), "bank account without a bank id");
                Assert.Equal(OfxResult.InvalidArgument, bad.Code, "code");
                Assert.NotEmpty(bad.Message, "message");
            }
        }

        [Test]
        public static void HttpStatusFromTheServer()
        {
            using (var sb = new SandboxServer(Sandbox.Bin, "status:503"))
            using (var client = sb.Client())
            {
                client.Set("ca_file", sb.Ca);
                var e = Assert.Throws<OfxHttpStatusException>(() => client.Profile(), "HTTP 503");
                Assert.Equal(OfxResult.HttpStatus, e.Code, "code");
                Assert.Equal(503, e.HttpStatus, "status");
                Assert.Equal(503, client.LastErrorInfo.HttpStatus, "error info status");
            }
        }
    }
}
