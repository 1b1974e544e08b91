//! Sandbox certificates, made with OpenSSL at start: a CA ("ofxkit sandbox CA"), a server certificate
//! for `localhost` (DNS:localhost, IP:127.0.0.1) signed by it, a separate self-signed "untrusted"
//! certificate for the same names, and for tests a client CA issuing client identities (PKCS#12 with a
//! password). Given PEM files can be loaded instead of generating the server certificate.
//!
//! Keys are ECDSA P-256 (fast to generate, accepted by every TLS library in use).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use openssl::asn1::Asn1Time;
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::error::ErrorStack;
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkcs12::Pkcs12;
use openssl::pkey::{PKey, Private};
use openssl::x509::extension::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, SubjectAlternativeName, SubjectKeyIdentifier,
};
use openssl::x509::{X509, X509Builder, X509Name, X509NameBuilder, X509NameRef};

/// Organization name in every sandbox certificate.
pub const ORG: &str = "ofxkit sandbox";
/// Common name of the sandbox CA.
pub const CA_CN: &str = "ofxkit sandbox CA";

fn ssl_err(e: ErrorStack) -> io::Error {
    io::Error::other(format!("OpenSSL: {e}"))
}

/// A certificate and its private key.
#[derive(Clone)]
pub struct Issued {
    /// The certificate.
    pub cert: X509,
    /// Its private key.
    pub key: PKey<Private>,
}

impl Issued {
    /// The certificate in PEM form.
    pub fn cert_pem(&self) -> Vec<u8> {
        self.cert.to_pem().unwrap_or_default()
    }

    /// The private key in PKCS#8 PEM form.
    pub fn key_pem(&self) -> Vec<u8> {
        self.key.private_key_to_pem_pkcs8().unwrap_or_default()
    }

    /// The subject in RFC 4514 form ("CN=localhost, O=ofxkit sandbox").
    pub fn subject(&self) -> String {
        name_to_string(self.cert.subject_name())
    }
}

/// What a certificate is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Ca,
    Server,
    Client,
}

fn new_key() -> Result<PKey<Private>, ErrorStack> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
    PKey::from_ec_key(EcKey::generate(&group)?)
}

fn name(cn: &str, org: &str) -> Result<X509Name, ErrorStack> {
    let mut b = X509NameBuilder::new()?;
    b.append_entry_by_nid(Nid::ORGANIZATIONNAME, org)?;
    b.append_entry_by_nid(Nid::COMMONNAME, cn)?;
    Ok(b.build())
}

/// Makes a certificate for `cn`, signed by `issuer` (self-signed when `None`).
fn make(cn: &str, org: &str, role: Role, issuer: Option<&Issued>, sans: &[&str]) -> Result<Issued, ErrorStack> {
    let key = new_key()?;
    let subject = name(cn, org)?;
    let mut b = X509Builder::new()?;
    b.set_version(2)?;
    let mut serial = BigNum::new()?;
    serial.rand(127, MsbOption::MAYBE_ZERO, false)?;
    let serial = serial.to_asn1_integer()?;
    b.set_serial_number(&serial)?;
    b.set_subject_name(&subject)?;
    b.set_issuer_name(issuer.map(|i| i.cert.subject_name()).unwrap_or(&subject))?;
    b.set_pubkey(&key)?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
    let not_before = Asn1Time::from_unix(now - 3600)?;
    b.set_not_before(&not_before)?;
    let days = if role == Role::Ca { 3650 } else { 825 };
    let not_after = Asn1Time::days_from_now(days)?;
    b.set_not_after(&not_after)?;
    match role {
        Role::Ca => {
            b.append_extension(BasicConstraints::new().critical().ca().build()?)?;
            b.append_extension(KeyUsage::new().critical().key_cert_sign().crl_sign().build()?)?;
        }
        Role::Server | Role::Client => {
            b.append_extension(BasicConstraints::new().critical().build()?)?;
            b.append_extension(KeyUsage::new().critical().digital_signature().key_agreement().build()?)?;
            let mut eku = ExtendedKeyUsage::new();
            if role == Role::Server {
                eku.server_auth();
            } else {
                eku.client_auth();
            }
            b.append_extension(eku.build()?)?;
        }
    }
    let ski = SubjectKeyIdentifier::new().build(&b.x509v3_context(issuer.map(|i| i.cert.as_ref()), None))?;
    b.append_extension(ski)?;
    if let Some(i) = issuer {
        let aki = AuthorityKeyIdentifier::new().keyid(false).build(&b.x509v3_context(Some(&i.cert), None))?;
        b.append_extension(aki)?;
    }
    if !sans.is_empty() {
        let mut san = SubjectAlternativeName::new();
        for s in sans {
            if s.parse::<std::net::IpAddr>().is_ok() {
                san.ip(s);
            } else {
                san.dns(s);
            }
        }
        let ext = san.build(&b.x509v3_context(issuer.map(|i| i.cert.as_ref()), None))?;
        b.append_extension(ext)?;
    }
    let signer = issuer.map(|i| &i.key).unwrap_or(&key);
    b.sign(signer, MessageDigest::sha256())?;
    Ok(Issued { cert: b.build(), key })
}

/// The sandbox server's certificates.
#[derive(Clone)]
pub struct SandboxCerts {
    /// The CA clients should trust (with its key when generated here).
    pub ca_cert: X509,
    /// The CA's key, when the CA was generated here.
    pub ca_key: Option<PKey<Private>>,
    /// The server certificate and key.
    pub server: Issued,
    /// Certificates sent after the server certificate (intermediates from a loaded file).
    pub server_chain: Vec<X509>,
    /// The self-signed certificate for the untrusted-certificate fault.
    pub untrusted: Issued,
}

impl SandboxCerts {
    /// Generates the CA, the server certificate for localhost/127.0.0.1 and the untrusted certificate.
    pub fn generate() -> io::Result<SandboxCerts> {
        let ca = make(CA_CN, ORG, Role::Ca, None, &[]).map_err(ssl_err)?;
        let server = make("localhost", ORG, Role::Server, Some(&ca), &["localhost", "127.0.0.1"]).map_err(ssl_err)?;
        let untrusted = Self::untrusted()?;
        Ok(SandboxCerts { ca_cert: ca.cert, ca_key: Some(ca.key), server, server_chain: Vec::new(), untrusted })
    }

    fn untrusted() -> io::Result<Issued> {
        make("localhost", "ofxkit sandbox (untrusted)", Role::Server, None, &["localhost", "127.0.0.1"])
            .map_err(ssl_err)
    }

    /// Loads the server certificate (PEM; more certificates after the first are sent as its chain) and
    /// key (PEM). The CA is `ca_pem`'s first certificate, else the last certificate of the chain file.
    pub fn load(cert_pem: &Path, key_pem: &Path, ca_pem: Option<&Path>) -> io::Result<SandboxCerts> {
        let read = |p: &Path| fs::read(p).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())));
        let mut certs = X509::stack_from_pem(&read(cert_pem)?).map_err(ssl_err)?;
        if certs.is_empty() {
            return Err(io::Error::new(io::ErrorKind::InvalidData, format!("{}: no certificate", cert_pem.display())));
        }
        let key = PKey::private_key_from_pem(&read(key_pem)?).map_err(ssl_err)?;
        let cert = certs.remove(0);
        let ca_cert = match ca_pem {
            Some(p) => X509::stack_from_pem(&read(p)?).map_err(ssl_err)?.into_iter().next().ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidData, format!("{}: no certificate", p.display()))
            })?,
            None => certs.last().cloned().unwrap_or_else(|| cert.clone()),
        };
        Ok(SandboxCerts {
            ca_cert,
            ca_key: None,
            server: Issued { cert, key },
            server_chain: certs,
            untrusted: Self::untrusted()?,
        })
    }

    /// The CA certificate in PEM form (what a client adds to its trusted certificates).
    pub fn ca_pem(&self) -> Vec<u8> {
        self.ca_cert.to_pem().unwrap_or_default()
    }

    /// Writes ca.pem, server.pem (certificate and chain) and server.key into `dir` (created if
    /// missing); returns the path of ca.pem.
    pub fn write_to(&self, dir: &Path) -> io::Result<PathBuf> {
        fs::create_dir_all(dir)?;
        let ca = dir.join("ca.pem");
        fs::write(&ca, self.ca_pem())?;
        let mut chain = self.server.cert_pem();
        for c in &self.server_chain {
            chain.extend(c.to_pem().map_err(ssl_err)?);
        }
        fs::write(dir.join("server.pem"), chain)?;
        fs::write(dir.join("server.key"), self.server.key_pem())?;
        Ok(ca)
    }
}

/// A CA for client certificates, for tests of client authentication.
#[derive(Clone)]
pub struct ClientCa {
    /// The CA certificate and key.
    pub ca: Issued,
}

/// A client identity: what a client configures to present a certificate.
#[derive(Clone)]
pub struct ClientIdentity {
    /// PKCS#12 (DER) with the certificate and key.
    pub pkcs12_der: Vec<u8>,
    /// The PKCS#12 password.
    pub password: String,
    /// The certificate's subject in RFC 4514 form (as the server reports it).
    pub subject: String,
}

impl ClientCa {
    /// A new client CA with this common name.
    pub fn generate(cn: &str) -> io::Result<ClientCa> {
        Ok(ClientCa { ca: make(cn, ORG, Role::Ca, None, &[]).map_err(ssl_err)? })
    }

    /// The CA certificate in PEM form (what the server is told to require).
    pub fn ca_pem(&self) -> Vec<u8> {
        self.ca.cert_pem()
    }

    /// A client certificate for `cn`, signed by this CA, packed as PKCS#12 with `password`.
    pub fn issue(&self, cn: &str, password: &str) -> io::Result<ClientIdentity> {
        let id = make(cn, ORG, Role::Client, Some(&self.ca), &[]).map_err(ssl_err)?;
        let p12 = Pkcs12::builder().name(cn).pkey(&id.key).cert(&id.cert).build2(password).map_err(ssl_err)?;
        Ok(ClientIdentity {
            pkcs12_der: p12.to_der().map_err(ssl_err)?,
            password: password.to_string(),
            subject: id.subject(),
        })
    }
}

/// A distinguished name in RFC 4514 order ("CN=localhost, O=ofxkit sandbox").
pub fn name_to_string(name: &X509NameRef) -> String {
    let mut parts: Vec<String> = name
        .entries()
        .map(|e| {
            let key = e.object().nid().short_name().map(str::to_string).unwrap_or_else(|_| e.object().to_string());
            let value = e.data().to_string().unwrap_or_default();
            format!("{key}={}", crate::client::tls::escape_dn_value(&value))
        })
        .collect();
    parts.reverse();
    parts.join(", ")
}
