package opencti

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"hash"
	"os"
	"strings"
)

// MQTLS is the TLS side of the broker connection (pycti's MQ_USE_SSL_* settings).
// Each of CA, Cert and Key is a PEM file's path or the PEM text itself, as pycti
// accepts.
type MQTLS struct {
	CA         string // MQ_USE_SSL_CA: the CA(s) the broker's certificate must chain to; "" for the system's
	Cert       string // MQ_USE_SSL_CERT: a client certificate, for brokers that ask for one
	Key        string // MQ_USE_SSL_KEY: its private key
	Passphrase string // MQ_USE_SSL_PASSPHRASE: the key's passphrase (secret)
	// SkipVerify turns verification of the broker's certificate off
	// (MQ_USE_SSL_REJECT_UNAUTHORIZED=false). pycti's default is off; here it
	// is on unless asked, with a warning at start.
	SkipVerify bool
}

// config builds the client TLS configuration for the broker at host.
func (m MQTLS) config(host string) (*tls.Config, error) {
	c := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12, InsecureSkipVerify: m.SkipVerify}
	if m.CA != "" {
		pool, err := certPool(m.CA)
		if err != nil {
			return nil, &SettingError{"MQ_USE_SSL_CA", "mq.use_ssl_ca", err.Error()}
		}
		c.RootCAs = pool
	}
	if m.Cert != "" || m.Key != "" {
		if m.Cert == "" || m.Key == "" {
			return nil, &SettingError{"MQ_USE_SSL_CERT", "mq.use_ssl_cert", "a client certificate needs both MQ_USE_SSL_CERT and MQ_USE_SSL_KEY"}
		}
		cert, err := clientCert(m.Cert, m.Key, m.Passphrase)
		if err != nil {
			return nil, err
		}
		c.Certificates = []tls.Certificate{cert}
	}
	return c, nil
}

// pemData reads a setting that holds PEM text or names a PEM file.
func pemData(v string) ([]byte, error) {
	if strings.HasPrefix(strings.TrimSpace(v), "-----BEGIN") {
		return []byte(v), nil
	}
	b, err := os.ReadFile(v)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", v, errors.Unwrap(err))
	}
	return b, nil
}

// certPool reads CA certificates from PEM text or a file.
func certPool(v string) (*x509.CertPool, error) {
	b, err := pemData(v)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(b) {
		return nil, errors.New("holds no PEM certificate")
	}
	return pool, nil
}

func clientCert(certV, keyV, pass string) (tls.Certificate, error) {
	certPEM, err := pemData(certV)
	if err != nil {
		return tls.Certificate{}, &SettingError{"MQ_USE_SSL_CERT", "mq.use_ssl_cert", err.Error()}
	}
	keyPEM, err := pemData(keyV)
	if err != nil {
		return tls.Certificate{}, &SettingError{"MQ_USE_SSL_KEY", "mq.use_ssl_key", err.Error()}
	}
	keyPEM, err = decryptKey(keyPEM, pass)
	if err != nil {
		return tls.Certificate{}, &SettingError{"MQ_USE_SSL_PASSPHRASE", "mq.use_ssl_passphrase", err.Error()}
	}
	cert, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, &SettingError{"MQ_USE_SSL_KEY", "mq.use_ssl_key", "does not go with MQ_USE_SSL_CERT: " + err.Error()}
	}
	return cert, nil
}

// decryptKey returns an unencrypted PEM key. It reads both encrypted forms OpenSSL
// writes: PKCS#8 "ENCRYPTED PRIVATE KEY" (PBES2 with PBKDF2 and AES-CBC, OpenSSL 3's
// default) and the traditional "Proc-Type: 4,ENCRYPTED" headers. Errors never carry
// the passphrase.
func decryptKey(keyPEM []byte, pass string) ([]byte, error) {
	block, _ := pem.Decode(keyPEM)
	if block == nil {
		return nil, errors.New("MQ_USE_SSL_KEY holds no PEM block")
	}
	switch {
	case block.Type == "ENCRYPTED PRIVATE KEY":
		if pass == "" {
			return nil, errors.New("the key is encrypted and no passphrase is set")
		}
		der, err := decryptPKCS8(block.Bytes, []byte(pass))
		if err != nil {
			return nil, err
		}
		return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
	//lint:ignore SA1019 the legacy format is insecure by design, but OpenSSL still writes it (-traditional) and pycti reads it
	case x509.IsEncryptedPEMBlock(block):
		if pass == "" {
			return nil, errors.New("the key is encrypted and no passphrase is set")
		}
		//lint:ignore SA1019 see above
		der, err := x509.DecryptPEMBlock(block, []byte(pass))
		if err != nil {
			return nil, errors.New("wrong passphrase, or a damaged key")
		}
		return pem.EncodeToMemory(&pem.Block{Type: block.Type, Bytes: der}), nil
	}
	return keyPEM, nil
}

var (
	oidPBES2      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidHMACSHA1   = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACSHA256 = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	aesCBCKeySize = map[string]int{"2.16.840.1.101.3.4.1.2": 16, "2.16.840.1.101.3.4.1.22": 24, "2.16.840.1.101.3.4.1.42": 32}
)

type encryptedPrivateKeyInfo struct {
	Algo pkix.AlgorithmIdentifier
	Data []byte
}

type pbes2Params struct {
	KDF    pkix.AlgorithmIdentifier
	Scheme pkix.AlgorithmIdentifier
}

type pbkdf2Params struct {
	Salt       []byte
	Iterations int
	KeyLength  int                      `asn1:"optional"`
	PRF        pkix.AlgorithmIdentifier `asn1:"optional"`
}

// decryptPKCS8 opens an EncryptedPrivateKeyInfo (RFC 5958) sealed with PBES2 (RFC 8018).
func decryptPKCS8(der, pass []byte) ([]byte, error) {
	var info encryptedPrivateKeyInfo
	if _, err := asn1.Unmarshal(der, &info); err != nil {
		return nil, errors.New("the encrypted key is not PKCS#8")
	}
	if !info.Algo.Algorithm.Equal(oidPBES2) {
		return nil, fmt.Errorf("the key is encrypted with %v; only PBES2 (OpenSSL's default) is read", info.Algo.Algorithm)
	}
	var params pbes2Params
	if _, err := asn1.Unmarshal(info.Algo.Parameters.FullBytes, &params); err != nil || !params.KDF.Algorithm.Equal(oidPBKDF2) {
		return nil, errors.New("the key's PBES2 parameters are not PBKDF2")
	}
	var kdf pbkdf2Params
	if _, err := asn1.Unmarshal(params.KDF.Parameters.FullBytes, &kdf); err != nil || kdf.Iterations < 1 || kdf.Iterations > 10_000_000 {
		return nil, errors.New("the key's PBKDF2 parameters cannot be read")
	}
	var prf func() hash.Hash
	switch {
	case len(kdf.PRF.Algorithm) == 0 || kdf.PRF.Algorithm.Equal(oidHMACSHA1):
		prf = sha1.New
	case kdf.PRF.Algorithm.Equal(oidHMACSHA256):
		prf = sha256.New
	default:
		return nil, fmt.Errorf("the key's PBKDF2 uses %v; HMAC-SHA1 and HMAC-SHA256 are read", kdf.PRF.Algorithm)
	}
	size, ok := aesCBCKeySize[params.Scheme.Algorithm.String()]
	if !ok {
		return nil, fmt.Errorf("the key is encrypted with %v; AES-CBC is read", params.Scheme.Algorithm)
	}
	var iv []byte
	if _, err := asn1.Unmarshal(params.Scheme.Parameters.FullBytes, &iv); err != nil || len(iv) != aes.BlockSize {
		return nil, errors.New("the key's AES IV cannot be read")
	}
	key, err := pbkdf2.Key(prf, string(pass), kdf.Salt, kdf.Iterations, size)
	if err != nil {
		return nil, errors.New("the key's PBKDF2 parameters cannot be used")
	}
	if len(info.Data) == 0 || len(info.Data)%aes.BlockSize != 0 {
		return nil, errors.New("the encrypted key has a bad length")
	}
	block, _ := aes.NewCipher(key)
	out := make([]byte, len(info.Data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, info.Data)
	pad := int(out[len(out)-1])
	if pad < 1 || pad > aes.BlockSize || pad > len(out) {
		return nil, errors.New("wrong passphrase, or a damaged key")
	}
	for _, b := range out[len(out)-pad:] {
		if int(b) != pad {
			return nil, errors.New("wrong passphrase, or a damaged key")
		}
	}
	out = out[:len(out)-pad]
	if _, err := x509.ParsePKCS8PrivateKey(out); err != nil {
		return nil, errors.New("wrong passphrase, or a damaged key")
	}
	return out, nil
}
