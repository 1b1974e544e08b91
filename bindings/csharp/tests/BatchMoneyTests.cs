// Batches, moving money and syncs.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Ofxkit;

namespace Ofxkit.Tests
{
    public static class Batch
    {
        [Test]
        public static void PostsBankCardAndProfileInOneDocument()
        {
            using (var client = Sandbox.TrustingClient())
            using (var batch = client.NewBatch())
            using (var bank = client.RequestStatement(Sandbox.CheckingStatement()))
            using (var card = client.RequestStatement(StatementRequest.CreditCard(Sandbox.Card).Period(Sandbox.Day(2024, 1, 1), Sandbox.Day(2025, 12, 31))))
            using (var profile = client.RequestProfile())
            {
                Assert.Equal(0, batch.Add(bank), "first index");
                Assert.Equal(1, batch.Add(card), "second index");
                Assert.Equal(2, batch.Add(profile), "third index");
                Assert.Equal(3, batch.Count, "count");
                Assert.Equal(OfxResult.NotPosted, batch.ItemError(0), "not posted yet");
                Assert.Equal(bank.Uid, batch.ItemUid(0), "item keeps the TRNUID");
                Assert.Equal(RequestKind.CreditCardStatement, batch.ItemKind(1), "item kind");
                Assert.Contains("CCSTMTRQ", batch.ItemRequestText(1), "item request text");
                string doc = batch.RequestText();
                Assert.Equal(1, CountOf(doc, "<SONRQ>"), "one signon");
                Assert.True(doc.Contains("<STMTRQ>") && doc.Contains("<CCSTMTRQ>") && doc.Contains("<PROFRQ>"), "three requests in one document");

                var conn = new List<ConnectionEvent>();
                batch.SetConnectionCallback(conn.Add);
                batch.Post();
                Assert.Equal(1, conn.Count(c => c.State == ConnectionState.RequestSent), "one post");

                for (int i = 0; i < 3; i++)
                {
                    Assert.Equal(OfxResult.Ok, batch.ItemError(i), "item " + i + " answered");
                    Assert.Equal("", batch.ItemErrorMessage(i), "item " + i + " message");
                }
                var r0 = batch.ItemResponse(0);
                Assert.True(r0.IsBorrowed, "borrowed from the batch");
                var s0 = r0.Statements.Single();
                Assert.Equal(Sandbox.Checking, s0.AccountId, "bank item account");
                Assert.Equal(bank.Uid, s0.TrnUid, "bank item TRNUID");
                Assert.True(s0.Transactions.Count > 0, "bank item transactions");
                var s1 = batch.ItemResponse(1).Statements.Single();
                Assert.Equal(StatementKind.CreditCard, s1.Kind, "card item kind");
                Assert.Equal(Sandbox.Card, s1.AccountId, "card item account");
                Assert.True(s1.Transactions.Count > 0, "card item transactions");
                var p = batch.ItemResponse(2).Profile;
                Assert.True(p != null && !string.IsNullOrEmpty(p.FiName), "profile item");
                Assert.Equal(0, batch.ItemResponse(2).Signon.StatusCode, "each item carries the signon");

                // The whole answer to a file and back: one item per transaction response.
                string path = Path.Combine(Path.GetTempPath(), "ofxkit-cs-batch-" + Guid.NewGuid().ToString("N") + ".ofx");
                try
                {
                    batch.WriteFile(path);
                    using (var again = OfxBatch.ReadFile(client, path))
                    {
                        Assert.Equal(3, again.Count, "items read back");
                        Assert.Equal(bank.Uid, again.ItemUid(0), "TRNUID read back");
                        Assert.Equal(s0.Transactions.Count, again.ItemResponse(0).Statements.Single().Transactions.Count, "transactions read back");
                        Assert.Equal(s0.Transactions.Sum(t => t.Amount.Value), again.ItemResponse(0).Statements.Single().Transactions.Sum(t => t.Amount.Value), "total read back");
                    }
                }
                finally { File.Delete(path); }

                // A borrowed response dies with the batch's next change.
                batch.Clear();
                Assert.True(r0.IsClosed, "closed after Clear");
                var e = Assert.Throws<ObjectDisposedException>(() => { var x = r0.Statements; }, "borrowed response after Clear");
                Assert.Contains("borrowed from an OfxBatch", e.Message, "message");
                Assert.Equal(0, batch.Count, "cleared");
                Assert.Equal(OfxResult.NotFound, batch.ItemError(0), "no item");
                Assert.Throws<OfxNotFoundException>(() => batch.ItemResponse(0), "no item response");
            }
        }

        [Test]
        public static void DuplicateTrnUidIsRefused()
        {
            using (var client = Sandbox.TrustingClient())
            using (var batch = new OfxBatch(client))
            using (var a = client.RequestProfile())
            {
                batch.Add(a);
                var e = Assert.Throws<OfxInvalidArgumentException>(() => batch.Add(a), "same TRNUID twice");
                Assert.NotEmpty(e.Message, "message");
                Assert.Equal(e.Message, batch.ErrorMessage, "the batch keeps the message");
                Assert.Equal(1, batch.Count, "still one item");
            }
        }

        [Test]
        public static void FailedPostGivesEveryItemTheError()
        {
            using (var client = Sandbox.Client()) // no CA, no TLS callback
            using (var batch = client.NewBatch())
            using (var a = client.RequestProfile())
            using (var b = client.RequestAccountInfo())
            {
                batch.Add(a);
                batch.Add(b);
                var e = Assert.Throws<OfxCertificateException>(() => batch.Post(), "post");
                Assert.Equal(OfxResult.Certificate, e.Code, "code");
                Assert.Equal(OfxResult.Certificate, batch.ItemError(0), "item 0");
                Assert.Equal(OfxResult.Certificate, batch.ItemError(1), "item 1");
                var ie = Assert.Throws<OfxCertificateException>(() => batch.ItemResponse(1), "item response");
                Assert.NotEmpty(ie.Message, "item message");
            }
        }

        static int CountOf(string s, string needle)
        {
            int n = 0, i = 0;
            while ((i = s.IndexOf(needle, i, StringComparison.Ordinal)) >= 0) { n++; i += needle.Length; }
            return n;
        }
    }

    public static class Money
    {
        static TransferSpec CheckingToSavings(decimal amount)
        {
            return new TransferSpec
            {
                FromAccountType = "checking", FromAccount = Sandbox.Checking, FromBankId = Sandbox.BankId,
                ToAccountType = "savings", ToAccount = Sandbox.Savings,
                Amount = amount,
            };
        }

        static SyncSpec CheckingSync(string token)
        {
            return new SyncSpec { AccountType = "checking", Account = Sandbox.Checking, BankId = Sandbox.BankId, Token = token };
        }

        [Test]
        public static void TransferThenSyncFromTokenZero()
        {
            using (var client = Sandbox.TrustingClient())
            {
                client.Set("version", "220");
                string transferId;
                using (var req = client.RequestTransfer(CheckingToSavings(25.00m)))
                {
                    Assert.Contains("<TRNAMT>25.00", client.RequestText(req), "amount sent exactly");
                    using (var resp = client.Post(req))
                    {
                        resp.Check();
                        var rec = resp.MoneyRecords.Single();
                        Assert.Equal(MoneyRecordKind.Transfer, rec.Kind, "kind");
                        Assert.Equal(req.Uid, rec.TrnUid, "answers our TRNUID");
                        Assert.Equal(0, rec.StatusCode, "status");
                        Assert.NotEmpty(rec.Id, "transfer id");
                        Assert.Equal(25.00m, rec.Amount.Value, "amount");
                        Assert.Contains(Sandbox.Checking, rec.FromAccount, "from");
                        Assert.Contains(Sandbox.Savings, rec.ToAccount, "to");
                        transferId = rec.Id;
                    }
                }

                var seen = new List<MoneyRecord>();
                using (var sync = client.SyncTransfers(CheckingSync("0"), r => { seen.Add(r); return true; }))
                {
                    Assert.NotEmpty(sync.NewToken, "new token");
                    Assert.True(sync.NewToken != "0", "a new token, not the old one");
                    Assert.True(seen.Count >= 1, "at least one record from token 0");
                    var mine = seen.Where(r => r.Id == transferId).ToList();
                    Assert.Equal(1, mine.Count, "the callback saw our transfer " + transferId + " among " + string.Join("; ", seen));
                    Assert.Equal(25.00m, mine[0].Amount.Value, "synced amount");
                    Assert.True(mine[0].InSync, "in a sync");
                    Assert.Equal(seen.Count, sync.Response.MoneyRecords.Count, "the answer keeps the records");
                }

                // A callback that stops: no token is handed out.
                var stop = Assert.Throws<OfxCallbackStoppedException>(() => client.SyncTransfers(CheckingSync("0"), r => false), "stopped sync");
                Assert.Equal(OfxResult.CallbackStopped, stop.Code, "stopped code");
            }
        }

        [Test]
        public static void MoneyRequestsAreCheckedBeforeSending()
        {
            using (var client = Sandbox.TrustingClient())
            {
                var neg = Assert.Throws<OfxInvalidArgumentException>(() => client.RequestTransfer(CheckingToSavings(-5m)), "negative amount");
                Assert.NotEmpty(neg.Message, "message");
                Assert.Throws<OfxInvalidArgumentException>(() => client.RequestTransfer(CheckingToSavings(0m)), "zero amount");
                using (var pay = client.RequestPayment(new PaymentSpec
                {
                    FromAccountType = "checking", FromAccount = Sandbox.Checking, FromBankId = Sandbox.BankId,
                    Amount = 49.99m, PayeeName = "City Power", PayeeAddr1 = "1 Main St", PayeeCity = "Springfield",
                    PayeeState = "IL", PayeePostalCode = "62701", PayeePhone = "555-0100", PayAccount = "ACCT-9",
                    Due = new DateTime(2025, 6, 30),
                }))
                {
                    Assert.NotEmpty(pay.Uid, "payment TRNUID");
                    string text = client.RequestText(pay);
                    Assert.Contains("<TRNAMT>49.99", text, "payment amount");
                    Assert.Contains("City Power", text, "payee");
                    Assert.Contains("20250630", text, "due date");
                }
                using (var cancel = client.RequestTransferCancel("XFER-1"))
                    Assert.Contains("XFER-1", client.RequestText(cancel), "cancel names the transfer");
                using (var sync = client.RequestTransferSync(CheckingSync("REFRESH")))
                    Assert.Contains("INTRASYNCRQ", client.RequestText(sync), "sync request item");
                using (var del = client.RequestPayeeDelete("PL-1"))
                    Assert.Contains("PL-1", client.RequestText(del), "payee delete");
            }
        }
    }
}
