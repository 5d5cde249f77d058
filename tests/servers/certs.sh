#!/usr/bin/env bash
# certs.sh DIR: TLS material for a test daemon on 127.0.0.1, made by openssl.
#   DIR/server/{ca,cert,key}.pem  the daemon's (--tlscacert --tlscert --tlskey)
#   DIR/client/{ca,cert,key}.pem  a client the daemon trusts (DOCKER_CERT_PATH)
#   DIR/wrong/{ca,cert,key}.pem   the same client certificate, with another CA
#   DIR/anonymous/ca.pem          the right CA, but no client certificate
set -euo pipefail
dir=$1
mkdir -p "$dir/server" "$dir/client" "$dir/wrong" "$dir/anonymous"
cd "$dir"
key() { openssl ecparam -name prime256v1 -genkey -noout -out "$1" 2>/dev/null; }
ca() { # ca NAME: a self-signed CA in NAME-ca.pem / NAME-ca.key
  key "$1-ca.key"
  openssl req -x509 -new -key "$1-ca.key" -sha256 -days 2 -subj "/CN=psdocker test $1 CA" -out "$1-ca.pem" 2>/dev/null
}
sign() { # sign CSR EXTFILE OUT
  openssl x509 -req -in "$1" -CA test-ca.pem -CAkey test-ca.key -CAcreateserial -days 2 -sha256 -extfile "$2" -out "$3" 2>/dev/null
}
ca test
ca wrong
key server/key.pem
openssl req -new -key server/key.pem -subj /CN=localhost -out server.csr 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >server.ext
sign server.csr server.ext server/cert.pem
key client/key.pem
openssl req -new -key client/key.pem -subj /CN=client -out client.csr 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' >client.ext
sign client.csr client.ext client/cert.pem
cp test-ca.pem server/ca.pem
cp test-ca.pem client/ca.pem
cp wrong-ca.pem wrong/ca.pem
cp test-ca.pem anonymous/ca.pem
cp client/cert.pem client/key.pem wrong/
rm -f ./*.csr ./*.ext ./*.srl ./*.key
