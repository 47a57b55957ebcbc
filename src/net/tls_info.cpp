#include "tls_info.hpp"

#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <ctime>

#include "fetch/base/handle.hpp"

namespace fetch {

namespace {

using Bio = CPtr<BIO, BIO_free>;

std::string name_of(const X509_NAME* name) {
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string iso_time(const ASN1_TIME* time) {
    std::tm parts{};
    if (!time || ASN1_TIME_to_tm(time, &parts) != 1) return {};
    char text[32];
    return std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts) ? text : "";
}

}  // namespace

TlsFacts read_tls(CURL* easy, bool certificate) {
    TlsFacts facts;
    curl_tlssessioninfo* session = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_TLS_SSL_PTR, &session) != CURLE_OK || !session ||
        session->backend != CURLSSLBACKEND_OPENSSL || !session->internals) {
        return facts;
    }
    const SSL* ssl = static_cast<const SSL*>(session->internals);
    facts.version = SSL_get_version(ssl);
    if (!certificate) return facts;
    if (const X509* peer = SSL_get0_peer_certificate(ssl)) {
        facts.expiry = iso_time(X509_get0_notAfter(peer));
        facts.subject = name_of(X509_get_subject_name(peer));
        facts.issuer = name_of(X509_get_issuer_name(peer));
    }
    return facts;
}

}  // namespace fetch
