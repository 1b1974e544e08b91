// Reading documents: the project's fixture, typed values, JSON, elements, parse errors.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Ofxkit;

namespace Ofxkit.Tests
{
    public static class Reading
    {
        static string Sample { get { return Path.Combine(Program.RepoRoot, "examples", "data", "sample.ofx"); } }

        // README example begins
        [Test]
        public static void ReadmeExample()
        {
            using (var resp = OfxResponse.ReadFile(Sample))
            {
                var bank = resp.Statements[0];
                Assert.Equal("0004417725", bank.AccountId, "bank account");
                Assert.Equal(5, bank.Transactions.Count, "bank transactions");
                Assert.Equal(1106.05m, bank.Transactions.Sum(t => t.Amount.Value), "bank total");

                var card = resp.Statements[1];
                Assert.Equal(StatementKind.CreditCard, card.Kind, "second statement");
                Assert.Equal("4000123412341234", card.AccountId, "card account");
                Assert.Equal(476.01m, card.Transactions.Sum(t => t.Amount.Value), "card total");
            }
        }
        // README example ends

        [Test]
        public static void TypedStatementsOfTheSampleFile()
        {
            using (var resp = OfxResponse.ReadFile(Sample))
            {
                Assert.Equal(2, resp.Statements.Count, "statements");
                var s = resp.Signon;
                Assert.Equal(0, s.StatusCode, "signon status");
                Assert.Equal("Example Savings Bank", s.Org, "org");
                Assert.Equal("40417", s.Fid, "fid");
                Assert.Equal(new DateTimeOffset(2024, 2, 1, 13, 30, 0, TimeSpan.Zero), s.ServerDate.Value, "DTSERVER in UTC");

                var bank = resp.Statements[0];
                Assert.Equal(StatementKind.Bank, bank.Kind, "kind");
                Assert.Equal("0004417725", bank.AccountId, "account");
                Assert.Equal("121000358", bank.BankId, "bank id");
                Assert.Equal("CHECKING", bank.AccountType, "type");
                Assert.Equal("USD", bank.Currency, "currency");
                Assert.Equal("1001", bank.TrnUid, "trnuid");
                Assert.Equal(3106.05m, bank.LedgerBalance.Value, "ledger balance");
                Assert.Equal(3006.05m, bank.AvailableBalance.Value, "available balance");
                Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), bank.Start.Value, "start (a calendar day)");
                Assert.Equal(5, bank.Transactions.Count, "transactions");
                Assert.Equal(1106.05m, bank.Transactions.Sum(t => t.Amount.Value), "total");

                var t0 = bank.Transactions[0];
                Assert.Equal("DIRECTDEP", t0.Type, "type");
                Assert.Equal("202401050001", t0.FitId, "fitid");
                Assert.Equal("PAYROLL NORTHWIND TRADERS", t0.Name, "name");
                Assert.Equal("DIRECT DEPOSIT", t0.Memo, "memo");
                Assert.Equal("2450.00", t0.AmountText, "amount text");
                Assert.Equal("2450.00", t0.Amount.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "decimal keeps its scale");
                Assert.Equal("2024-01-05T17:00:00Z", t0.DatePostedText, "date text");
                // 20240105120000[-5:EST]: the same instant, with the document's offset kept
                Assert.Equal(TimeSpan.FromHours(-5), t0.DatePosted.Value.Offset, "offset");
                Assert.Equal(new DateTimeOffset(2024, 1, 5, 17, 0, 0, TimeSpan.Zero), t0.DatePosted.Value, "instant");
                Assert.Equal(12, t0.DatePosted.Value.Hour, "local hour");
                Assert.Equal("1042", bank.Transactions[1].CheckNumber, "check number");
                Assert.Equal(-1200.00m, bank.Transactions[1].Amount.Value, "check amount");
                Assert.Equal("GREEN & FRESH GROCERY", bank.Transactions[2].Name, "entity decoded");
                Assert.Equal(-64.37m, bank.Transactions[2].Amount.Value, "grocery");
                Assert.Equal("STMTTRN", t0.Element.Name, "element of a transaction");
                Assert.Equal("STMTRS", bank.Element.Name, "element of a statement");

                var card = resp.Statements[1];
                Assert.Equal(StatementKind.CreditCard, card.Kind, "card kind");
                Assert.Equal("4000123412341234", card.AccountId, "card account");
                Assert.Equal(2, card.Transactions.Count, "card transactions");
                Assert.Equal(476.01m, card.Transactions.Sum(t => t.Amount.Value), "card total");
                Assert.Equal(-23.99m, card.Transactions[0].Amount.Value, "first card amount");
                Assert.Equal(-1287.44m, card.LedgerBalance.Value, "card balance");
                Assert.True(card.BankId == null, "a card statement has no bank id");

                var st = resp.TransactionStatuses;
                Assert.Equal(2, st.Count, "trn statuses");
                Assert.Equal("STMTTRNRS", st[0].Type, "first wrapper");
                Assert.Equal("CCSTMTTRNRS", st[1].Type, "second wrapper");
                Assert.Equal("1002", st[1].TrnUid, "second trnuid");
                Assert.Equal(0, resp.Securities.Count, "no securities");
                Assert.Equal(0, resp.Accounts.Count, "no accounts");
                Assert.True(resp.Profile == null, "no profile");
                resp.Check(); // every STATUS is 0
            }
        }

        [Test]
        public static void ParseBytesAndJson()
        {
            byte[] bytes = File.ReadAllBytes(Sample);
            using (var resp = OfxResponse.Parse(bytes))
            {
                string json = resp.ToJson();
                var doc = (Dictionary<string, object>)Json.Parse(json);
                Assert.Equal("102", (string)doc["version"], "version");
                var statements = (List<object>)doc["statements"];
                Assert.Equal(2, statements.Count, "json statements");
                var bank = (Dictionary<string, object>)statements[0];
                Assert.Equal("bank", (string)bank["kind"], "json kind");
                Assert.Equal("0004417725", (string)bank["account_id"], "json account");
                var txs = (List<object>)bank["transactions"];
                Assert.Equal(5, txs.Count, "json transactions");
                decimal total = txs.Sum(t => decimal.Parse((string)((Dictionary<string, object>)t)["amount"], System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(1106.05m, total, "json total");
                var card = (Dictionary<string, object>)statements[1];
                Assert.Equal("creditcard", (string)card["kind"], "json card kind");
                Assert.Equal("4000123412341234", (string)card["account_id"], "json card account");

                string csv = resp.ToCsv();
                Assert.True(csv.StartsWith("account_id,kind,fitid,type,date_posted,amount,name,memo,check_number"), "csv header");
                Assert.Equal(1 + 5 + 2, csv.Trim().Split('\n').Length, "csv lines");

                // Written out again as OFX 2.2 XML and read back: the same values.
                string xml = resp.Serialize(220);
                Assert.Contains("<OFX>", xml, "xml");
                using (var again = OfxResponse.Parse(Encoding.UTF8.GetBytes(xml)))
                {
                    Assert.Equal(1106.05m, again.Statements[0].Transactions.Sum(t => t.Amount.Value), "round trip total");
                }
            }
        }

        [Test]
        public static void ElementsByPath()
        {
            using (var resp = OfxResponse.ReadFile(Sample))
            {
                var bal = resp.Find("BANKMSGSRSV1/STMTTRNRS/STMTRS/LEDGERBAL/BALAMT");
                Assert.Equal("BALAMT", bal.Name, "name");
                Assert.Equal("3106.05", bal.Text, "text");
                var third = resp.Find("OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/BANKTRANLIST/STMTTRN[2]");
                Assert.Equal("GREEN & FRESH GROCERY", third.Find("NAME").Text, "child by path");
                Assert.True(third.Text == null, "an aggregate has no text");
                var root = resp.Root;
                Assert.Equal("OFX", root.Name, "root");
                Assert.Equal("SIGNONMSGSRSV1,BANKMSGSRSV1,CREDITCARDMSGSRSV1",
                             string.Join(",", root.Children.Select(c => c.Name)), "children");
                Assert.Equal(3, root.ChildCount, "child count");
                Assert.True(resp.Find("NO/SUCH/PATH") == null, "missing path gives null");
                Assert.True(bal.Offset > 0, "offset");
            }
        }

        [Test]
        public static void HtmlIsNotOfx()
        {
            var html = Encoding.UTF8.GetBytes("<!DOCTYPE html><html><head><title>Log in</title></head><body>Please log in</body></html>");
            var e = Assert.Throws<OfxParseException>(() => OfxResponse.Parse(html), "parse HTML");
            Assert.Equal(OfxResult.NotOfx, e.Code, "code");
            Assert.Equal(100u, e.NumericCode, "numeric code");
            Assert.Equal("OFX_RESULT_NOT_OFX", e.Name, "name");
            Assert.Contains("HTML", e.Message, "message");
            Assert.Equal("not an OFX document", e.Description, "ofx_result_str");

            var empty = Assert.Throws<OfxParseException>(() => OfxResponse.Parse(new byte[0]), "parse nothing");
            Assert.Equal(OfxResult.NotOfx, empty.Code, "empty input code");
            Assert.NotEmpty(empty.Message, "empty input message");
        }

        [Test]
        public static void MissingFileIsAnIoError()
        {
            var e = Assert.Throws<OfxIoException>(() => OfxResponse.ReadFile("/nonexistent/dir/statement.ofx"), "read missing");
            Assert.Equal(OfxResult.Io, e.Code, "code");
            Assert.Equal("OFX_RESULT_IO", e.Name, "name");
            Assert.NotEmpty(e.Message, "message");
        }

        [Test]
        public static void StrictModeRefusesRepairs()
        {
            // A leaf with an unknown currency value read tolerantly gives a warning; strict mode refuses it.
            string text = File.ReadAllText(Sample).Replace("<TRNAMT>-80.00", "<TRNAMT>-80,00");
            var bytes = Encoding.ASCII.GetBytes(text);
            using (var tolerant = OfxResponse.Parse(bytes))
            {
                Assert.Equal(-80.00m, tolerant.Statements[0].Transactions[3].Amount.Value, "comma read as a decimal point");
                Assert.True(tolerant.Warnings.Count > 0, "a warning for the repair");
                Assert.True(tolerant.Warnings[0].Line > 0, "warning line");
            }
            var e = Assert.Throws<OfxParseException>(() => OfxResponse.Parse(bytes, strict: true), "strict");
            Assert.Equal(OfxResult.StrictViolation, e.Code, "strict code");
            Assert.NotEmpty(e.Message, "strict message");
        }

        [Test]
        public static void UnicodeSurvivesTheBoundary()
        {
            // The fixture says CHARSET:1252: put "INTÉRÊTS €" in it as Windows-1252 bytes, read it, write it
            // out as OFX 2.2 XML (UTF-8) and read that back: the text crosses the boundary both ways intact.
            byte[] src = File.ReadAllBytes(Sample);
            byte[] from = Encoding.ASCII.GetBytes("INTEREST PAID");
            byte[] to = { 0x49, 0x4E, 0x54, 0xC9, 0x52, 0xCA, 0x54, 0x53, 0x20, 0x80 }; // INTÉRÊTS € in 1252
            int at = IndexOf(src, from);
            Assert.True(at > 0, "fixture has INTEREST PAID");
            var bytes = src.Take(at).Concat(to).Concat(src.Skip(at + from.Length)).ToArray();
            string xml;
            using (var r = OfxResponse.Parse(bytes))
            {
                Assert.Equal("INT\u00c9R\u00caTS \u20ac", r.Statements[0].Transactions[4].Name, "decoded from 1252");
                xml = r.Serialize(220);
            }
            using (var r = OfxResponse.Parse(Encoding.UTF8.GetBytes(xml)))
                Assert.Equal("INT\u00c9R\u00caTS \u20ac", r.Statements[0].Transactions[4].Name, "read back from UTF-8 XML");
            // And a path argument with non-ASCII characters goes out as UTF-8.
            string dir = Path.Combine(Path.GetTempPath(), "ofxkit-cs-\u00e9t\u00e9-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string path = Path.Combine(dir, "relev\u00e9.ofx");
                File.WriteAllBytes(path, bytes);
                using (var r = OfxResponse.ReadFile(path))
                    Assert.Equal(5, r.Statements[0].Transactions.Count, "read through a UTF-8 path");
            }
            finally { Directory.Delete(dir, true); }
        }

        static int IndexOf(byte[] hay, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= hay.Length; i++)
            {
                int k = 0;
                while (k < needle.Length && hay[i + k] == needle[k]) k++;
                if (k == needle.Length) return i;
            }
            return -1;
        }
    }
}
