/* check_keys.c: the "keys" analyzer (src/checks/keys/keys.c) with the shipped
 * rules/keys.rules: private keys in text and binaries, encrypted keys and
 * public keys that must not be reported, OpenSSH keys, hostile PEM, and the
 * three certificate checks.
 *
 * Every key and certificate below was generated for this suite (commands in
 * the comments; OpenSSL 3.0, OpenSSH 9, python3-cryptography for dates in
 * the past) and protects nothing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "testutil.h"
#include "engine/analyzer.h"
#include "core/limits.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define R_KEY      "private-key-unencrypted"
#define R_EXPIRED  "certificate-expired"
#define R_WEAK_KEY "certificate-weak-key"
#define R_WEAK_SIG "certificate-weak-signature"

/* SHA-256 of the DER SubjectPublicKeyInfo, from
 * `openssl pkey -pubout -outform DER | sha256sum`. */
#define RSA_SPKI_SHA256 "35900e69e7092576e06a1b8cf0457640ac393b407220438d5362455b07f06d3f"
#define SSH_ED_SPKI_SHA256 "89443300dfb61631ca01f397d0f41c5f0b27ecbb8ed44f8aa3ae7bedfa29acfa"
#define ED_SPKI_SHA256 "439b727baa2f23cd902cc760ab9c12d2613c9756113b22b63cb9d0ce6148dd86"
#define EC_SPKI_SHA256 "f899225e9bf31a454972737b4b11f66ccbddaf8b5ac95bbe5223760fbd7b855d"
/* `openssl x509 -in expired.crt -noout -fingerprint -sha256`, lower case */
#define EXPIRED_CRT_SHA256 "770f18b85cdcc916128e8432f7273e55c8314e479a35c9e4dddb9a526339069e"

/* openssl genrsa 2048; openssl rsa -traditional */
static const char RSA_PKCS1[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "MIIEpAIBAAKCAQEAqSJlyfrYMEqNq9fTi/NhlyLsqdrBIx+kynE8JtdwT2FJpGMf\n"
    "DTa7QfIs6KmxRZ+Vakrfznh7/k6daDR3jqX2Eod5ZMLvVdn6QTr3dK7tLQyE6q9A\n"
    "iIXp2eicULVHYdXqd5vHocag7GHwKy9R0OIMlq4dyroscWnMcUp5Fzlfg1LS87No\n"
    "jFcCUIjKwJ/M5WTcaiIJA0yTu7KTaa6FoLtFBC2Dyn24rsoIRkR2BCa/f9qdqmZ8\n"
    "Js/eIXQfFtrmeMJN5gVgy7JzlS4Lz3mAJQJEH0CkycgmGlm95vA/JZEDhakRVoM/\n"
    "/GWMfSdZ3LDozo2QfJN3BMlBMps3YVrHd7lw7wIDAQABAoIBADvD0eAbaYU28vTE\n"
    "IRaU++kiCCrFB/ZXWi3G8ZBwFFmYcSNLe096BZV58/CK9f86MtwKdSdKX9YvBWQr\n"
    "FgwsDNXjVTwLvfLCQbIHGiX7IggHInijUNRtLYM4tPO3+u9RXbbCLzq1K2wb93fr\n"
    "EqgTGIuuHwzh2I6C6iEmRb+1IFEQwbqSmDccNTLznNXDgf+GYcwaEyn2yLI3lX36\n"
    "F0EktNNWrBH1OCrTfhc/7p2nWXhkIrKphczIx+0RTaEDQILvyB4o3P3vASbPPTnl\n"
    "4zKp+68S3YaEKP4S8vT+rDbv/Ic7RmWMVXq+XY91TlAtx+vHil3m9XGy24Fa20pn\n"
    "T1ssidECgYEA4bw4PLrrd1Jj7sLkuiQtWMMWto8z3Pz6VNoHnwC9os36ChMABqTO\n"
    "0x+A/E09aNRq3bjhCHXy6zMvLcH0mmx+BaWfdYy4VucW6zk6YDFPt2aRhMf/dtAe\n"
    "6MSNm5DwJWYqXpQcolM6kFZNVzH4669XeL2MTBcuykEKSnMTiE4VyMsCgYEAv89/\n"
    "vTAbtDaUSn+vAR9aTJiFIO3Onov0UVYmrV8DSzwFc3mdpD4S5fiON2RhBjIg/ErL\n"
    "gpxtjlYlV1xzfYaXsBN2OP6YfSTEX3lyyApeRDE3Wp/u2auZNFYUiWK/j5QT6nyu\n"
    "4PiEz3iwg62zzx4zQt1px/BdGU9IOVj95EoTB+0CgYEA2ySFl/eCtkEHAPi1YjvS\n"
    "xhQGzc4x9DynrY5IzcTDVPUP443UfZ6rpuwzpTw6/LUS1hMwa61N2aXEDHD5zJy8\n"
    "rzC9oDmvj7YiWtMg59eXYx2w8a3TRP4As8p1CuxnJneLdGvnbHLOLOeLh7XcyLld\n"
    "errRI+FxrCn+Go6jDLV5kocCgYEAiiGIQFpQ2SslB7GD+i71/Isp9FjNn2fyflCo\n"
    "cdomqRuEYXCHkiwRuAOTh1iGdsvK7WV/wYOdcg+fvJYbpZ4zxt19GfZfImBD+u2f\n"
    "N2ggEsPOtTjP7XmiTwpep8GxalidLxSza9gM7MxhcbK59sIs8E47S31RzlRGEuZ/\n"
    "kNO3eNECgYBku8375X04/uISxPgNKGtPM1I8q/PCjDJ77heNP1siV6f0sf0QRDrA\n"
    "QtnHP5Xg6vvsaxxOYpxTXoX1K18X3T1fQrpvJlsFigM4Hunb9gxQBv5JbNwNJBU9\n"
    "3NQzg57ReClgMytxZE+Ad5Vjm83RdtrxNGs6USi0wcCnicyPkvJIvg==\n"
    "-----END RSA PRIVATE KEY-----\n";

/* the same key as PKCS#8 (openssl genrsa 2048) */
static const char RSA_PKCS8[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCpImXJ+tgwSo2r\n"
    "19OL82GXIuyp2sEjH6TKcTwm13BPYUmkYx8NNrtB8izoqbFFn5VqSt/OeHv+Tp1o\n"
    "NHeOpfYSh3lkwu9V2fpBOvd0ru0tDITqr0CIhenZ6JxQtUdh1ep3m8ehxqDsYfAr\n"
    "L1HQ4gyWrh3KuixxacxxSnkXOV+DUtLzs2iMVwJQiMrAn8zlZNxqIgkDTJO7spNp\n"
    "roWgu0UELYPKfbiuyghGRHYEJr9/2p2qZnwmz94hdB8W2uZ4wk3mBWDLsnOVLgvP\n"
    "eYAlAkQfQKTJyCYaWb3m8D8lkQOFqRFWgz/8ZYx9J1ncsOjOjZB8k3cEyUEymzdh\n"
    "Wsd3uXDvAgMBAAECggEAO8PR4BtphTby9MQhFpT76SIIKsUH9ldaLcbxkHAUWZhx\n"
    "I0t7T3oFlXnz8Ir1/zoy3Ap1J0pf1i8FZCsWDCwM1eNVPAu98sJBsgcaJfsiCAci\n"
    "eKNQ1G0tgzi087f671FdtsIvOrUrbBv3d+sSqBMYi64fDOHYjoLqISZFv7UgURDB\n"
    "upKYNxw1MvOc1cOB/4ZhzBoTKfbIsjeVffoXQSS001asEfU4KtN+Fz/unadZeGQi\n"
    "sqmFzMjH7RFNoQNAgu/IHijc/e8BJs89OeXjMqn7rxLdhoQo/hLy9P6sNu/8hztG\n"
    "ZYxVer5dj3VOUC3H68eKXeb1cbLbgVrbSmdPWyyJ0QKBgQDhvDg8uut3UmPuwuS6\n"
    "JC1Ywxa2jzPc/PpU2gefAL2izfoKEwAGpM7TH4D8TT1o1GrduOEIdfLrMy8twfSa\n"
    "bH4FpZ91jLhW5xbrOTpgMU+3ZpGEx/920B7oxI2bkPAlZipelByiUzqQVk1XMfjr\n"
    "r1d4vYxMFy7KQQpKcxOIThXIywKBgQC/z3+9MBu0NpRKf68BH1pMmIUg7c6ei/RR\n"
    "ViatXwNLPAVzeZ2kPhLl+I43ZGEGMiD8SsuCnG2OViVXXHN9hpewE3Y4/ph9JMRf\n"
    "eXLICl5EMTdan+7Zq5k0VhSJYr+PlBPqfK7g+ITPeLCDrbPPHjNC3WnH8F0ZT0g5\n"
    "WP3kShMH7QKBgQDbJIWX94K2QQcA+LViO9LGFAbNzjH0PKetjkjNxMNU9Q/jjdR9\n"
    "nqum7DOlPDr8tRLWEzBrrU3ZpcQMcPnMnLyvML2gOa+PtiJa0yDn15djHbDxrdNE\n"
    "/gCzynUK7Gcmd4t0a+dscs4s54uHtdzIuV16utEj4XGsKf4ajqMMtXmShwKBgQCK\n"
    "IYhAWlDZKyUHsYP6LvX8iyn0WM2fZ/J+UKhx2iapG4RhcIeSLBG4A5OHWIZ2y8rt\n"
    "ZX/Bg51yD5+8lhulnjPG3X0Z9l8iYEP67Z83aCASw861OM/teaJPCl6nwbFqWJ0v\n"
    "FLNr2AzszGFxsrn2wizwTjtLfVHOVEYS5n+Q07d40QKBgGS7zfvlfTj+4hLE+A0o\n"
    "a08zUjyr88KMMnvuF40/WyJXp/Sx/RBEOsBC2cc/leDq++xrHE5inFNehfUrXxfd\n"
    "PV9Cum8mWwWKAzge6dv2DFAG/kls3A0kFT3c1DODntF4KWAzK3FkT4B3lWObzdF2\n"
    "2vE0azpRKLTBwKeJzI+S8ki+\n"
    "-----END PRIVATE KEY-----\n";

/* the same key, openssl rsa -aes128 -traditional (passphrase "secret") */
static const char RSA_ENC_LEGACY[] =
    "-----BEGIN RSA PRIVATE KEY-----\n"
    "Proc-Type: 4,ENCRYPTED\n"
    "DEK-Info: AES-128-CBC,0D6114998F3052E73FA5DC5251C655A4\n"
    "\n"
    "mdj/ENWAYOOSdfIFp1qf6OixCy1sfGk+hhb4yLTNnF55uUpezMsOxAAcNCjHB6ux\n"
    "yjwG/fiPMknL49tIfMF7mNe6qiShFwIZXaAhkKVVd4gPvy5hnKm084+1qf07DT+i\n"
    "/QFxTgU1SgU44R9tB1oZafdp1SkVHkntuc0S9YBnGO8PND+Hl2qUCny7kErdQjcE\n"
    "NvV35UHBfRhd0LGFMFSV1ZEci4nxto3fGD/WEshMUkf6ZI+yVS5Nhd9K4mjs3T1g\n"
    "hBzLi6ntbK5MZnTK2c6k9nuRbfgKqgROScTZkh3o+rzqvkg8QC4rbY7aEp6BCxc6\n"
    "1Hu7PIj2UTRus6d4yTubonpT8pZM9nJBKXhgtDlsJJI2Op4KrupTN4veTTYbc8Y0\n"
    "naC6vvn8g/9whFbHuCURTwD/2EaE91euDF++or8rL5fzPQ/gd2hJh0b39v98Vm8I\n"
    "t/kZI7KqupgPX7SssWqxT8ykNoytIOmsAPQ+vpARrt8P1jQa636hin0CQocMfv0Q\n"
    "SaxP3I7bK+3iX3xHTbAmW7E65IYlYwWn/osceyeTLzV6bu0cmWr+istu9nbIm/nS\n"
    "L6oHqE3VgcTqNWngA2j4hndJsX7eIPvu+tuhGR9Jo2sN0Ts88fD3M42ZijoaLpxP\n"
    "Nvs6YLujW4X4rqSR+sTWbCWNupUrEHkXUQRCvhlgt94U10+12yh7lzyr3UT8z0eo\n"
    "EJw1a5DRaeJjOlEF3Gl+3bW0WFPlmPA7zsQBvwcyoXSTWgCo9GSGhiyL1OHC3jM5\n"
    "Dw9VABCJGvkDX5CmvL9QEbSJJ18HuGH4Pz0NWFQn8WKxrXvw/tID2vmBqlnO71kS\n"
    "cOqSKmbYuqFFX2J1bQtB0m2wFTIfHEz2rx2IEkeSk5Ib2BLsqKkTGqH3m1G809/u\n"
    "oPAbA9uUEHSNoo0sTXmo8gDe3PSTMnqnK457CmVm0Pwbo+pAul5Gq9cVh/NdGiaw\n"
    "EdiuGs/MJurEwc2hOPcdycGWx0H4aT7ac3iPWjNrfBhVZ87OeR2TCEoHHvKLL13V\n"
    "HBFHqsb0aD+Tjsno0WWI5a8YVllZk4y2gcLXw2UcfUOXCiTRg5Mbq0O02b+oqITg\n"
    "+hkAN/6kjae79XOqpdP92SL8oxaz+elRqq4zRDKWAqT9kDeuwB5hjVm97XSnATLM\n"
    "vhFmGgQhBYaefMhlYlMuPD55epVvRkA+NR7QbK+9C0QmMb9Yo8ya3zkXlcQ0Oal/\n"
    "SZsC+odNRLOd2lWxUDKM/u1yYqi/TBcAWAgdAov304YJNBct9ujR8gVi0NFRiIUL\n"
    "49arJU0m5R6ZkAC7izRy+Z4X1i6wvOKd/ZsnIz8ZPymufZVWKv/SQCEL1u6H5hFN\n"
    "yGefReiRYwcsZVPJ3Zwmkp/SPxhFpwc8jia7JxhcGaMW8XkZGJKdg8iW6GyB5ves\n"
    "jdG4KmBAqu13SPy+RsEjHn8j+GHYj3Ge/5eP4CxJD3w0F7TE0UdO81RgHYrzFTiO\n"
    "wcyZZFKz/0+JS7Eg+ATZIWydMNClVE5/wl3u8tJCowKX9BUV41CI33pUxPbXCFab\n"
    "eUGz5ArGgs4kvlnYrpr+dpE5YT9i4B6N9EcJPHef/Lexw+euM4BQ/qvpggaAG33x\n"
    "-----END RSA PRIVATE KEY-----\n";

/* openssl genpkey -algorithm ed25519 */
static const char ED_PKCS8[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIF1QwXuEPlKLtoBkHWU0+s7EboAyxJpd8lB6z3bvwc3z\n"
    "-----END PRIVATE KEY-----\n";

/* the same key, openssl pkey -aes128 (passphrase "secret") */
static const char ED_ENC_PKCS8[] =
    "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
    "MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAghhyoDQOHsfAICCAAw\n"
    "DAYIKoZIhvcNAgkFADAdBglghkgBZQMEAQIEEKxemFH3ulAZLa6ZUTCedpcEQCQx\n"
    "2JfiSbrnsLJtO+9Djt/owK3YkSaS7NOytw5zzJsPe+YDHraRTIt8qVqqdMEGy+Um\n"
    "sYeUpaNJL+/bG/m5j8s=\n"
    "-----END ENCRYPTED PRIVATE KEY-----\n";

/* openssl ecparam -name prime256v1 -genkey -noout */
static const char EC_SEC1[] =
    "-----BEGIN EC PRIVATE KEY-----\n"
    "MHcCAQEEINGPcJbk8v8OTw+OzWZvyQXMGnCF4YmN70QV7cABUCsnoAoGCCqGSM49\n"
    "AwEHoUQDQgAEJpcd9RpEeJa8CG94Rh4th/BBsGxOe700abcE93ioaCtiTCE0Rd5I\n"
    "EJ8Mo3bUNQwHmin5qdvkHCFyiIU+uwQ4rQ==\n"
    "-----END EC PRIVATE KEY-----\n";

/* the same key, openssl ec -aes128 (passphrase "secret") */
static const char EC_ENC_LEGACY[] =
    "-----BEGIN EC PRIVATE KEY-----\n"
    "Proc-Type: 4,ENCRYPTED\n"
    "DEK-Info: AES-128-CBC,3F95C6B3B5DBB0CE31728E8D33602B0D\n"
    "\n"
    "8Dy27zDD/GCb+lGSFlhuZ0f9oiwrb3XNog3Bqkt/aY1FU0qZePTxmN/eAJPJ6VbQ\n"
    "3+/pQksovRHJobmIqKGeOlxsvBWQTZQHPRqNrK8u7xW2RJGT+4396o0j1jH0lIBc\n"
    "es98HhwatVjo7g/hj70HBZ73KMiYG1ohGTtDrLTTsGQ=\n"
    "-----END EC PRIVATE KEY-----\n";

/* public half of RSA_PKCS1 (openssl rsa -pubout) */
static const char RSA_PUB[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqSJlyfrYMEqNq9fTi/Nh\n"
    "lyLsqdrBIx+kynE8JtdwT2FJpGMfDTa7QfIs6KmxRZ+Vakrfznh7/k6daDR3jqX2\n"
    "Eod5ZMLvVdn6QTr3dK7tLQyE6q9AiIXp2eicULVHYdXqd5vHocag7GHwKy9R0OIM\n"
    "lq4dyroscWnMcUp5Fzlfg1LS87NojFcCUIjKwJ/M5WTcaiIJA0yTu7KTaa6FoLtF\n"
    "BC2Dyn24rsoIRkR2BCa/f9qdqmZ8Js/eIXQfFtrmeMJN5gVgy7JzlS4Lz3mAJQJE\n"
    "H0CkycgmGlm95vA/JZEDhakRVoM//GWMfSdZ3LDozo2QfJN3BMlBMps3YVrHd7lw\n"
    "7wIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

/* the same, openssl rsa -RSAPublicKey_out */
static const char RSA_PUB_PKCS1[] =
    "-----BEGIN RSA PUBLIC KEY-----\n"
    "MIIBCgKCAQEAqSJlyfrYMEqNq9fTi/NhlyLsqdrBIx+kynE8JtdwT2FJpGMfDTa7\n"
    "QfIs6KmxRZ+Vakrfznh7/k6daDR3jqX2Eod5ZMLvVdn6QTr3dK7tLQyE6q9AiIXp\n"
    "2eicULVHYdXqd5vHocag7GHwKy9R0OIMlq4dyroscWnMcUp5Fzlfg1LS87NojFcC\n"
    "UIjKwJ/M5WTcaiIJA0yTu7KTaa6FoLtFBC2Dyn24rsoIRkR2BCa/f9qdqmZ8Js/e\n"
    "IXQfFtrmeMJN5gVgy7JzlS4Lz3mAJQJEH0CkycgmGlm95vA/JZEDhakRVoM//GWM\n"
    "fSdZ3LDozo2QfJN3BMlBMps3YVrHd7lw7wIDAQAB\n"
    "-----END RSA PUBLIC KEY-----\n";

/* ssh-keygen -t ed25519 -N "" */
static const char SSH_ED[] =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACBIAqh+lO2aGO1BYY3wLlmMJcVs6nGbKGe3+H8U9/EljQAAAIg4D6PuOA+j\n"
    "7gAAAAtzc2gtZWQyNTUxOQAAACBIAqh+lO2aGO1BYY3wLlmMJcVs6nGbKGe3+H8U9/EljQ\n"
    "AAAEByAgfjX8f4S88JRu/wigZdP/hWIIQO1vnzIMi4oaLP1kgCqH6U7ZoY7UFhjfAuWYwl\n"
    "xWzqcZsoZ7f4fxT38SWNAAAAAAECAwQF\n"
    "-----END OPENSSH PRIVATE KEY-----\n";

/* ssh-keygen -t ed25519 -N secret */
static const char SSH_ED_ENC[] =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABChAPc+Dj\n"
    "+GlJtKAajFsD6mAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIOYPJAHwbbHmyT6g\n"
    "JBwKxZAM9QK449rX+LGLJFoeo6q4AAAAkIyFjsb6e+WqXYEVIuCq0VOB5hGWmXy0sFGu1f\n"
    "gfwv2opZ30D/W/r03rovL56kCOr9ZR7oZOmpjVpU4XnuTaOIxJzKesUy1+QC+VahFgSpkG\n"
    "SjxVIcO5y4sfY8IKWY+HG1GEzZGNDJPVemYX/ilz5+7COOy4gafkzdnkDuBrAyuKeEQOKn\n"
    "6Lr/avNQChs2rOiQ==\n"
    "-----END OPENSSH PRIVATE KEY-----\n";

/* SSH_ED's public key line */
static const char SSH_ED_PUB[] =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEgCqH6U7ZoY7UFhjfAuWYwlxWzqcZsoZ7f4fxT38SWN \n";

/* SSH_ED's private key as PKCS#8 (python3-cryptography) */
static const char SSH_ED_AS_PKCS8[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIHICB+Nfx/hLzwlG7/CKBl0/+FYghA7W+fMgyLihos/W\n"
    "-----END PRIVATE KEY-----\n";

/* Ed25519, self-signed, valid 2000-01-01 to 2001-01-01 (python3-cryptography) */
static const char CRT_EXPIRED[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIHhMIGUoAMCAQICAhCSMAUGAytlcDAaMRgwFgYDVQQDDA9leHBpcmVkLmV4YW1w\n"
    "bGUwHhcNMDAwMTAxMDAwMDAwWhcNMDEwMTAxMDAwMDAwWjAaMRgwFgYDVQQDDA9l\n"
    "eHBpcmVkLmV4YW1wbGUwKjAFBgMrZXADIQDwXVLiewbGRSl52cHJyzYqthxF4/em\n"
    "ZomscCAjMhCgJDAFBgMrZXADQQBkvR+5lWPAiXaLVs4PZNLh0VZ+cVTupJc7UPLh\n"
    "wyuIai24dYDSRNx0KSiCDfRddrtWIGzp51XxFwp4JjI35fsA\n"
    "-----END CERTIFICATE-----\n";

/* RSA-1024, SHA-256, self-signed: openssl req -x509 -days 27000 */
static const char CRT_RSA1024[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIICFDCCAX2gAwIBAgIUfpKXWFILhWCDfWD9moz1pXi3ey4wDQYJKoZIhvcNAQEL\n"
    "BQAwGzEZMBcGA1UEAwwQd2Vhay1rZXkuZXhhbXBsZTAgFw0yNjExMjcxMDE4MDZa\n"
    "GA8yMTAwMTAzMDEwMTgwNlowGzEZMBcGA1UEAwwQd2Vhay1rZXkuZXhhbXBsZTCB\n"
    "nzANBgkqhkiG9w0BAQEFAAOBjQAwgYkCgYEAuFjEKVV4uYUUua2HNfjCw+/RRt8O\n"
    "4+VseB4g7mxfGLuaMFBUGqm0qvOo6tfaymTtyExq/ZM3chn/60MAoMwbE7c99Xoh\n"
    "tziD/9V33ZjHObpKwkC24T/YTSXjXi890cmGOWhETnY6N0ZDiYDHNdoT1axhXUyX\n"
    "5XuNNlDgGQGZj4ECAwEAAaNTMFEwHQYDVR0OBBYEFLC5EuKLc83F47MeGU4i3mW/\n"
    "QYySMB8GA1UdIwQYMBaAFLC5EuKLc83F47MeGU4i3mW/QYySMA8GA1UdEwEB/wQF\n"
    "MAMBAf8wDQYJKoZIhvcNAQELBQADgYEAtyZKFGtJG37kpkx3eAmeypcO23U9N+/u\n"
    "U5mMyFcTV4LrIpGKHgS+HVfs47imh/LrUTcP812AddGmCRb6xKvUsAd07634A79W\n"
    "dghG0cqhNOkWXDWI9p9ys18Dc+3Phx7yWRWHQXvP9kGaIAnBEtBRW3bKUnPHTEll\n"
    "bbWKksmukUE=\n"
    "-----END CERTIFICATE-----\n";

/* P-256 leaf signed by a P-256 CA with ecdsa-with-SHA1 (openssl x509 -req -sha1) */
static const char CRT_SHA1_LEAF[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBIzCBywIUWicJPm/DI/4x9mnlATkKlWYqyfMwCQYHKoZIzj0EATASMRAwDgYD\n"
    "VQQDDAdUZXN0IENBMCAXDTI2MTEyNzEwMTgwN1oYDzIxMDAxMDMwMTAxODA3WjAX\n"
    "MRUwEwYDVQQDDAxzaGExLmV4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC\n"
    "AAQao0SpzAuthUTMUBqNO4LPKMS51pFmTVaNeEwUZ0oiaaT6NzAHXPhFUOlx4ybF\n"
    "5Sw8MfA8+kWG0MKJZQI1fCjnMAkGByqGSM49BAEDSAAwRQIgIfYJldZtNPjvnYZu\n"
    "eJJAh//fQaCVr3XwLhodMyfzQSECIQDXiXsqo4wuM3Nk3d2y7i0b1MI9oXVPearu\n"
    "z2RSJ3HauQ==\n"
    "-----END CERTIFICATE-----\n";

/* P-256 self-signed CA, ecdsa-with-SHA1 (openssl req -x509 -sha1) */
static const char CRT_SHA1_ROOT[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBfTCCASSgAwIBAgIUBfMr4hu1KW0WVYj+Ys0l9z1KGngwCQYHKoZIzj0EATAU\n"
    "MRIwEAYDVQQDDAlTSEExIFJvb3QwIBcNMjYxMTI3MTAxODA3WhgPMjEwMDEwMzAx\n"
    "MDE4MDdaMBQxEjAQBgNVBAMMCVNIQTEgUm9vdDBZMBMGByqGSM49AgEGCCqGSM49\n"
    "AwEHA0IABEtG0e3FIeRvdYlp+MrmCyEWq+F4YEipsDRdkFPnlE79iqmAiWRyIfh5\n"
    "wjQqkcm6ZQWyymMGsaMmeFr0iao6ZzujUzBRMB0GA1UdDgQWBBQWWEi/J4QvoPjt\n"
    "QLnIUkr8+d2oEjAfBgNVHSMEGDAWgBQWWEi/J4QvoPjtQLnIUkr8+d2oEjAPBgNV\n"
    "HRMBAf8EBTADAQH/MAkGByqGSM49BAEDSAAwRQIhAIzXMHH0Q5lUXtElhthQyF1M\n"
    "xNsbHUrdLhn2MhnKZIfDAiBIhpga6IcdKNY5dUNX/H+oUim6NLNWhSsPu2IbQSRN\n"
    "YQ==\n"
    "-----END CERTIFICATE-----\n";

/* RSA-2048, SHA-256, valid until 2100: openssl req -x509 -days 27000 */
static const char CRT_GOOD[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIDETCCAfmgAwIBAgIUDVqRieBpZmw4L4rQlRdTkwEudSowDQYJKoZIhvcNAQEL\n"
    "BQAwFzEVMBMGA1UEAwwMZ29vZC5leGFtcGxlMCAXDTI2MTEyNzEwMTgwNloYDzIx\n"
    "MDAxMDMwMTAxODA2WjAXMRUwEwYDVQQDDAxnb29kLmV4YW1wbGUwggEiMA0GCSqG\n"
    "SIb3DQEBAQUAA4IBDwAwggEKAoIBAQCpImXJ+tgwSo2r19OL82GXIuyp2sEjH6TK\n"
    "cTwm13BPYUmkYx8NNrtB8izoqbFFn5VqSt/OeHv+Tp1oNHeOpfYSh3lkwu9V2fpB\n"
    "Ovd0ru0tDITqr0CIhenZ6JxQtUdh1ep3m8ehxqDsYfArL1HQ4gyWrh3Kuixxacxx\n"
    "SnkXOV+DUtLzs2iMVwJQiMrAn8zlZNxqIgkDTJO7spNproWgu0UELYPKfbiuyghG\n"
    "RHYEJr9/2p2qZnwmz94hdB8W2uZ4wk3mBWDLsnOVLgvPeYAlAkQfQKTJyCYaWb3m\n"
    "8D8lkQOFqRFWgz/8ZYx9J1ncsOjOjZB8k3cEyUEymzdhWsd3uXDvAgMBAAGjUzBR\n"
    "MB0GA1UdDgQWBBQlSK+C8GdQ5H6badKzGYQ6qRzRVTAfBgNVHSMEGDAWgBQlSK+C\n"
    "8GdQ5H6badKzGYQ6qRzRVTAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUA\n"
    "A4IBAQCjQsz/3Bp/R1HUO5k9b+nVzukCXBW1HatyK4FL1ijKsxaz8RCxTbJacH6h\n"
    "28Z24FPRifYzd46suqLy9O2VS5u1BH32JFBfhddkJgX2VQK07UK3dMDoT4X8E6LB\n"
    "0ghlzKbNOCbu5UV8jaTb5/uYqjWmMFSA7nRTZLCZpf2tokId494g98Fvm8vVLk98\n"
    "qC53LPEvB5CHKIVqVhu1sdGBuvcnlECxbgHfgwWPBt8H+sDgsbQ3vFJ/Te+JeZ0a\n"
    "+wDfSog7ZGzCx7DGl/X/QANqyZop1Am/001UvfOAFIWH3qr/bW6WKNLlYTtqL1Ia\n"
    "x2GaN+EBO6gE5szMSUdkByUyBzfr\n"
    "-----END CERTIFICATE-----\n";

/* ED_PKCS8 as DER (openssl pkey -outform DER), 48 bytes */
static const char DER_ED[] =
    "\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20\x5d\x50"
    "\xc1\x7b\x84\x3e\x52\x8b\xb6\x80\x64\x1d\x65\x34\xfa\xce\xc4\x6e\x80\x32"
    "\xc4\x9a\x5d\xf2\x50\x7a\xcf\x76\xef\xc1\xcd\xf3";

/* CRT_EXPIRED as DER */
static const char DER_EXPIRED[] =
    "\x30\x81\xe1\x30\x81\x94\xa0\x03\x02\x01\x02\x02\x02\x10\x92\x30\x05\x06"
    "\x03\x2b\x65\x70\x30\x1a\x31\x18\x30\x16\x06\x03\x55\x04\x03\x0c\x0f\x65"
    "\x78\x70\x69\x72\x65\x64\x2e\x65\x78\x61\x6d\x70\x6c\x65\x30\x1e\x17\x0d"
    "\x30\x30\x30\x31\x30\x31\x30\x30\x30\x30\x30\x30\x5a\x17\x0d\x30\x31\x30"
    "\x31\x30\x31\x30\x30\x30\x30\x30\x30\x5a\x30\x1a\x31\x18\x30\x16\x06\x03"
    "\x55\x04\x03\x0c\x0f\x65\x78\x70\x69\x72\x65\x64\x2e\x65\x78\x61\x6d\x70"
    "\x6c\x65\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00\xf0\x5d\x52\xe2"
    "\x7b\x06\xc6\x45\x29\x79\xd9\xc1\xc9\xcb\x36\x2a\xb6\x1c\x45\xe3\xf7\xa6"
    "\x66\x89\xac\x70\x20\x23\x32\x10\xa0\x24\x30\x05\x06\x03\x2b\x65\x70\x03"
    "\x41\x00\x64\xbd\x1f\xb9\x95\x63\xc0\x89\x76\x8b\x56\xce\x0f\x64\xd2\xe1"
    "\xd1\x56\x7e\x71\x54\xee\xa4\x97\x3b\x50\xf2\xe1\xc3\x2b\x88\x6a\x2d\xb8"
    "\x75\x80\xd2\x44\xdc\x74\x29\x28\x82\x0d\xf4\x5d\x76\xbb\x56\x20\x6c\xe9"
    "\xe7\x55\xf1\x17\x0a\x78\x26\x32\x37\xe5\xfb\x00";

/* Ed25519 (openssl genpkey); the key of CA_CRT */
static const char CA_KEY[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIDmRlmBqqBPent2HCXc2dpESiCsRXz1bFHroULw+BC/1\n"
    "-----END PRIVATE KEY-----\n";

/* "Acme Device CA", basicConstraints critical CA:TRUE, keyUsage
 * keyCertSign cRLSign, self-signed, valid to 2126 (openssl req -x509 -key
 * ca.key -addext basicConstraints=... -addext keyUsage=...) */
static const char CA_CRT[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBWTCCAQugAwIBAgIUMztrgdOui+c+bQlZ2yMtyG14NWkwBQYDK2VwMBkxFzAV\n"
    "BgNVBAMMDkFjbWUgRGV2aWNlIENBMCAXDTI2MTEyNzExMDkwNFoYDzIxMjYxMTAz\n"
    "MTEwOTA0WjAZMRcwFQYDVQQDDA5BY21lIERldmljZSBDQTAqMAUGAytlcAMhAFbP\n"
    "Et38787P3rm42ESHwYvuphNyaze97nF4poVo01WNo2MwYTAdBgNVHQ4EFgQUF1gb\n"
    "xfU/pXPfzLl2NzQSMZmPMEkwHwYDVR0jBBgwFoAUF1gbxfU/pXPfzLl2NzQSMZmP\n"
    "MEkwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYwBQYDK2VwA0EAPtQR\n"
    "6u/eFchaDFO4bsRHqJyV7y9Au5bl8Vdwh0c76m4KNWdx/652OLHAIAchLSwHzXnR\n"
    "fJ5X1UZjDyWxHuFwDg==\n"
    "-----END CERTIFICATE-----\n";

/* Ed25519; the key of LEAF_CRT */
static const char LEAF_KEY[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIEbyeW7v8CGEOWP5WBNv8Lr+xML48sLFfaZQ6B6H44OI\n"
    "-----END PRIVATE KEY-----\n";

/* "device.example", basicConstraints critical CA:FALSE, self-signed */
static const char LEAF_CRT[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBRTCB+KADAgECAhRpXGeW7j+vHxAs4ucvtFMw+oJgmTAFBgMrZXAwGTEXMBUG\n"
    "A1UEAwwOZGV2aWNlLmV4YW1wbGUwIBcNMjYxMTI3MTEwNTMwWhgPMjEyNjExMDMx\n"
    "MTA1MzBaMBkxFzAVBgNVBAMMDmRldmljZS5leGFtcGxlMCowBQYDK2VwAyEAmrrR\n"
    "1AGby9FMuf9LsQk2lII5F4J0NmRJuXjwdr+CHH6jUDBOMB0GA1UdDgQWBBQlVpTy\n"
    "Cg4k/AyhtWwRp9YvNG+yjjAfBgNVHSMEGDAWgBQlVpTyCg4k/AyhtWwRp9YvNG+y\n"
    "jjAMBgNVHRMBAf8EAjAAMAUGAytlcANBANDcmwYjF98+wVfpJ4BOSMN4Z9E0pi+C\n"
    "3/2tboKD3IAIHCOS6xjOuIu8lUN56DutFd9Cv9s8Fhn3AMtC+B2rjwk=\n"
    "-----END CERTIFICATE-----\n";

#define CA_SPKI_SHA256 "93ed61c49346632d460747a663aef9f48a92c7081da3e5e57e5805be870dc75e"

/* SSH_ED's key in dropbear's own host key format (dropbear ed25519.c
 * buf_put_ed25519_priv_key): string "ssh-ed25519", uint32 64, the 32-byte
 * seed and the 32-byte public key, taken from SSH_ED's private section. */
static const unsigned char DROPBEAR_ED[] =
    "\x00\x00\x00\x0b" "ssh-ed25519" "\x00\x00\x00\x40"
    "\x72\x02\x07\xe3\x5f\xc7\xf8\x4b\xcf\x09\x46\xef\xf0\x8a\x06\x5d"
    "\x3f\xf8\x56\x20\x84\x0e\xd6\xf9\xf3\x20\xc8\xb8\xa1\xa2\xcf\xd6"
    "\x48\x02\xa8\x7e\x94\xed\x9a\x18\xed\x41\x61\x8d\xf0\x2e\x59\x8c"
    "\x25\xc5\x6c\xea\x71\x9b\x28\x67\xb7\xf8\x7f\x14\xf7\xf1\x25\x8d";

/* Ed25519; the key of SS_CA_CRT */
static const char SS_CA_KEY[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIM3Y4+sAKtz/dcKMz5v6Wklta7xOp7ja1Cehoomso178\n"
    "-----END PRIVATE KEY-----\n";

/* "Vendor Test CA": openssl req -x509 with its defaults: CA:TRUE, no
 * keyUsage, self-signed (like PolarSSL's test CA) */
static const char SS_CA_CRT[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBSDCB+6ADAgECAhRF0I4xPJ2VvdXhI7AaXEvAKsP6azAFBgMrZXAwGTEXMBUG\n"
    "A1UEAwwOVmVuZG9yIFRlc3QgQ0EwIBcNMjYxMTI3MTEwOTQzWhgPMjEyNjExMDMx\n"
    "MTA5NDNaMBkxFzAVBgNVBAMMDlZlbmRvciBUZXN0IENBMCowBQYDK2VwAyEAhpbd\n"
    "WHjo0IKwQi9kDK6xtevH8RUlIbntVz5nNz4c23ujUzBRMB0GA1UdDgQWBBR6ujry\n"
    "uSNfXgpsBtO41ZVqFQ3LODAfBgNVHSMEGDAWgBR6ujryuSNfXgpsBtO41ZVqFQ3L\n"
    "ODAPBgNVHRMBAf8EBTADAQH/MAUGAytlcANBAI9863agXaZ2v27/aapr/bYpw8T+\n"
    "JSFMFreSOaH0xl+G32CnZy+vzTi9sRbCqcv62SttvWMZn9A22MGU6YNPpwU=\n"
    "-----END CERTIFICATE-----\n";

/* "cloud.vendor.example", issued by SS_CA_CRT (openssl x509 -req -CA) */
static const char SS_LEAF_CRT[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIH0MIGnAhRb8No2I48/qGOnoJ6i1jBaW5svKjAFBgMrZXAwGTEXMBUGA1UEAwwO\n"
    "VmVuZG9yIFRlc3QgQ0EwIBcNMjYxMTI3MTEwOTQzWhgPMjEyNjExMDMxMTA5NDNa\n"
    "MB8xHTAbBgNVBAMMFGNsb3VkLnZlbmRvci5leGFtcGxlMCowBQYDK2VwAyEAsrAB\n"
    "7O1zG9g7h872TABMbVS90/KVmF//IyBmDLN3z7QwBQYDK2VwA0EA7b57Sqn4vK45\n"
    "93sO2trHP99H5RAHlwyHlNBUMVk/g2mYwbf/+yuFXW/1Wa//+Se36zMfziG+cvw9\n"
    "1D7NUbtgDw==\n"
    "-----END CERTIFICATE-----\n";

/* ---- fixture ----------------------------------------------------------- */

static fw_tree *tree;
static fw_ns *ns;
static fw_ruleset *rs;
static fw_report *report;

static void setup(void)
{
    tree = fw_tree_new();
    ns = fw_tree_add_ns(tree, "", 0);
    rs = tu_ruleset_empty();
    fw_error err = {0};
    int rc = fw_ruleset_load_file(rs, RULES_DIR "/keys.rules", &err);
    ck_assert_msg(rc == FW_OK, "keys.rules: %s", err.msg);
    report = NULL;
}

static void teardown(void)
{
    fw_report_free(&report);
    fw_ruleset_free(&rs);
    fw_tree_free(&tree);
}

static void run(void)
{
    report = tu_run_checks(rs, tree);
}

/* Total findings of the four keys rules. */
static size_t all_findings(void)
{
    return tu_count(report, R_KEY) + tu_count(report, R_EXPIRED) +
           tu_count(report, R_WEAK_KEY) + tu_count(report, R_WEAK_SIG);
}

/* content with `prefix` bytes before and `suffix` bytes after it, NUL-padded */
static char *padded(const char *content, size_t prefix, size_t suffix, size_t *len)
{
    size_t n = strlen(content);
    *len = prefix + n + suffix;
    char *buf = fw_xcalloc(*len, 1);
    memcpy(buf + prefix, content, n);
    return buf;
}

static int is_hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

/* ---- private keys ------------------------------------------------------ */

START_TEST(test_rsa_pem_in_text_file)
{
    char *content = fw_xasprintf("# device key, do not share\n\n%s", RSA_PKCS1);
    tu_add_file(tree, ns, "/etc/openvpn/server.key", content);
    free(content);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 1);
    const fw_finding *f = tu_get(report, R_KEY, 0);
    ck_assert_str_eq(f->path, "/etc/openvpn/server.key");
    ck_assert_uint_eq(f->line, 3);
    ck_assert_uint_eq(f->offset, strlen("# device key, do not share\n\n"));
    ck_assert_str_eq(tu_detail(f, "key_type"), "RSA");
    ck_assert_str_eq(tu_detail(f, "bits"), "2048");
    ck_assert_str_eq(tu_detail(f, "format"), "pem-pkcs1");
    ck_assert(is_hex64(tu_detail(f, "public_key_sha256")));
    ck_assert_str_eq(tu_detail(f, "public_key_sha256"), RSA_SPKI_SHA256);
    /* the excerpt names the block, never its key material */
    ck_assert_str_eq(f->excerpt, "-----BEGIN RSA PRIVATE KEY-----");
    ck_assert(tu_names_req(f, "MO.13"));
    ck_assert(tu_names_req(f, "MO.2"));
    ck_assert_int_eq(f->severity, FW_SEV_HIGH);
}
END_TEST

START_TEST(test_pkcs8_same_hash_as_pkcs1)
{
    tu_add_file(tree, ns, "/etc/a.pem", RSA_PKCS8);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 1);
    const fw_finding *f = tu_get(report, R_KEY, 0);
    ck_assert_str_eq(tu_detail(f, "format"), "pem-pkcs8");
    ck_assert_str_eq(tu_detail(f, "key_type"), "RSA");
    ck_assert_str_eq(tu_detail(f, "public_key_sha256"), RSA_SPKI_SHA256);
    ck_assert_uint_eq(f->line, 1);
    ck_assert_str_eq(f->excerpt, "-----BEGIN PRIVATE KEY-----");
}
END_TEST

START_TEST(test_key_embedded_in_binary)
{
    /* like PolarSSL's test keys in DVRF's libpolarssl.so: a string in .rodata */
    size_t len;
    char *blob = padded(RSA_PKCS1, 4096, 512, &len);
    memcpy(blob, "\x7f" "ELF\x01\x01\x01", 7);
    memcpy(blob + 4000, "-----BEGIN RSA PRIVATE KEY-----", 31);  /* a lone constant */
    tu_add_bytes(tree, ns, "/usr/lib/libcloud.so", blob, len);
    free(blob);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 1);
    const fw_finding *f = tu_get(report, R_KEY, 0);
    ck_assert_uint_eq(f->offset, 4096);
    ck_assert_uint_eq(f->line, 0);
    ck_assert_str_eq(tu_detail(f, "public_key_sha256"), RSA_SPKI_SHA256);
}
END_TEST

START_TEST(test_crlf_key_in_binary)
{
    /* PolarSSL writes its PEM strings with "\r\n" */
    fw_strbuf sb = FW_STRBUF_INIT;
    fw_sb_add(&sb, "\0\0\0\0", 4);
    for (const char *p = ED_PKCS8; *p; p++) {
        if (*p == '\n')
            fw_sb_addc(&sb, '\r');
        fw_sb_addc(&sb, *p);
    }
    fw_sb_add(&sb, "\0", 1);
    tu_add_bytes(tree, ns, "/lib/libx.so", sb.buf, sb.len);
    fw_sb_release(&sb);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 1);
    ck_assert_str_eq(tu_detail(tu_get(report, R_KEY, 0), "public_key_sha256"), ED_SPKI_SHA256);
}
END_TEST

START_TEST(test_ec_key)
{
    tu_add_file(tree, ns, "/etc/ec.key", EC_SEC1);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 1);
    const fw_finding *f = tu_get(report, R_KEY, 0);
    ck_assert_str_eq(tu_detail(f, "key_type"), "EC");
    ck_assert_str_eq(tu_detail(f, "bits"), "256");
    ck_assert_str_eq(tu_detail(f, "curve"), "prime256v1");
    ck_assert_str_eq(tu_detail(f, "format"), "pem-sec1");
    ck_assert_str_eq(tu_detail(f, "public_key_sha256"), EC_SPKI_SHA256);
}
END_TEST

START_TEST(test_encrypted_keys_not_findings)
{
    tu_add_file(tree, ns, "/etc/rsa-legacy.key", RSA_ENC_LEGACY);
    tu_add_file(tree, ns, "/etc/ed-pkcs8.key", ED_ENC_PKCS8);
    tu_add_file(tree, ns, "/etc/ec-legacy.key", EC_ENC_LEGACY);
    size_t len;
    char *blob = padded(RSA_ENC_LEGACY, 64, 64, &len);
    tu_add_bytes(tree, ns, "/usr/lib/libenc.so", blob, len);
    free(blob);
    run();
    ck_assert_uint_eq(all_findings(), 0);
    ck_assert_uint_eq(report->n_errors, 0);
}
END_TEST

START_TEST(test_public_keys_not_findings)
{
    char *both = fw_xasprintf("%s%s%s", RSA_PUB, RSA_PUB_PKCS1, SSH_ED_PUB);
    tu_add_file(tree, ns, "/etc/keys.pub", both);
    tu_add_file(tree, ns, "/root/.ssh/authorized_keys", SSH_ED_PUB);
    free(both);
    run();
    ck_assert_uint_eq(all_findings(), 0);
}
END_TEST

START_TEST(test_openssh_unencrypted)
{
    tu_add_file(tree, ns, "/root/.ssh/id_ed25519", SSH_ED);
    tu_add_file(tree, ns, "/etc/ed.pem", SSH_ED_AS_PKCS8);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 2);
    const fw_finding *ssh = NULL, *pem = NULL;
    for (size_t i = 0; i < 2; i++) {
        const fw_finding *f = tu_get(report, R_KEY, i);
        if (strcmp(f->path, "/root/.ssh/id_ed25519") == 0)
            ssh = f;
        else
            pem = f;
    }
    ck_assert_ptr_nonnull(ssh);
    ck_assert_ptr_nonnull(pem);
    ck_assert_str_eq(tu_detail(ssh, "key_type"), "Ed25519");
    ck_assert_str_eq(tu_detail(ssh, "format"), "openssh");
    ck_assert_str_eq(tu_detail(ssh, "bits"), "256");
    ck_assert_str_eq(ssh->excerpt, "-----BEGIN OPENSSH PRIVATE KEY-----");
    ck_assert_uint_eq(ssh->line, 1);
    /* the same key in OpenSSH and PKCS#8 form is recognisably the same key */
    ck_assert_str_eq(tu_detail(ssh, "public_key_sha256"), SSH_ED_SPKI_SHA256);
    ck_assert_str_eq(tu_detail(pem, "public_key_sha256"), SSH_ED_SPKI_SHA256);
}
END_TEST

START_TEST(test_openssh_with_passphrase)
{
    tu_add_file(tree, ns, "/root/.ssh/id_ed25519", SSH_ED_ENC);
    run();
    ck_assert_uint_eq(all_findings(), 0);
}
END_TEST

START_TEST(test_openssh_damaged)
{
    /* the same blob with its base64 cut short, and with the two check
     * integers made unequal: neither is a key */
    char *cut = fw_xstrdup(SSH_ED);
    char *line3 = strstr(cut, "7gAAAAtz");
    ck_assert_ptr_nonnull(line3);
    strcpy(line3, "-----END OPENSSH PRIVATE KEY-----\n");
    tu_add_file(tree, ns, "/root/.ssh/cut", cut);
    free(cut);
    char *bad = fw_xstrdup(SSH_ED);
    char *check = strstr(bad, "OA+j");   /* second check integer */
    ck_assert_ptr_nonnull(check);
    check[0] = 'P';
    tu_add_file(tree, ns, "/root/.ssh/bad", bad);
    free(bad);
    run();
    ck_assert_uint_eq(all_findings(), 0);
}
END_TEST

START_TEST(test_openssh_odd_public_blobs)
{
    /* hand-built openssh-key-v1 blobs (cipher "none", equal check integers):
     * a public key blob too short to name its type is damaged, not a key
     * (found by fuzzing: it once read a stale cursor); a type OpenSSL cannot
     * hold is reported under the SHA-256 of its SSH public key blob */
    tu_add_file(tree, ns, "/root/.ssh/notype",
                "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAAgAAAAAAFhEiM0\n"
                "QRIjNEAAAAB3NzaC1mb28BAgM=\n"
                "-----END OPENSSH PRIVATE KEY-----\n");
    tu_add_file(tree, ns, "/root/.ssh/id_foo",
                "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAHwAAAAdzc2gtZm\n"
                "9vAAAAEAEBAQEBAQEBAQEBAQEBAQEAAAAWESIzRBEiM0QAAAAHc3NoLWZvbwECAw==\n"
                "-----END OPENSSH PRIVATE KEY-----\n");
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 1);
    const fw_finding *f = tu_get(report, R_KEY, 0);
    ck_assert_str_eq(f->path, "/root/.ssh/id_foo");
    ck_assert_str_eq(tu_detail(f, "key_type"), "ssh-foo");
    ck_assert_ptr_null(tu_detail(f, "public_key_sha256"));
    ck_assert_str_eq(tu_detail(f, "ssh_public_key_sha256"),
                     "ce6146ddb1459ba20338f426c0b747033b007aa80dcf246797d4dcae276c4aee");
}
END_TEST

START_TEST(test_same_key_two_files)
{
    tu_add_file(tree, ns, "/etc/lighttpd/server.pem", RSA_PKCS1);
    size_t len;
    char *blob = padded(RSA_PKCS8, 100, 100, &len);
    tu_add_bytes(tree, ns, "/usr/bin/cloudd", blob, len);
    free(blob);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 2);
    const fw_finding *a = tu_get(report, R_KEY, 0), *b = tu_get(report, R_KEY, 1);
    ck_assert_str_ne(a->path, b->path);
    ck_assert_str_eq(tu_detail(a, "public_key_sha256"), tu_detail(b, "public_key_sha256"));
    ck_assert_str_ne(a->fingerprint, b->fingerprint);
}
END_TEST

START_TEST(test_json_and_c_escaped_keys)
{
    /* a key pasted into a JSON config, newlines as \n, '/' as \/ */
    fw_strbuf sb = FW_STRBUF_INIT;
    fw_sb_adds(&sb, "{\"device\": \"x\", \"key\": \"");
    for (const char *p = ED_PKCS8; *p; p++) {
        if (*p == '\n')
            fw_sb_adds(&sb, "\\n");
        else if (*p == '/')
            fw_sb_adds(&sb, "\\/");
        else
            fw_sb_addc(&sb, *p);
    }
    fw_sb_adds(&sb, "\"}\n");
    tu_add_file(tree, ns, "/etc/cloud.json", fw_sb_str(&sb));
    fw_sb_release(&sb);
    /* a key in C source, one string literal per line (PolarSSL's certs.c) */
    tu_add_file(tree, ns, "/usr/src/certs.c",
                "const char key[] =\n"
                "\"-----BEGIN PRIVATE KEY-----\\r\\n\"\n"
                "\"MC4CAQAwBQYDK2VwBCIEIF1QwXuEPlKLtoBkHWU0+s7EboAyxJpd8lB6z3bvwc3z\\r\\n\"\n"
                "\"-----END PRIVATE KEY-----\\r\\n\";\n");
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 2);
    for (size_t i = 0; i < 2; i++) {
        const fw_finding *f = tu_get(report, R_KEY, i);
        ck_assert_str_eq(tu_detail(f, "public_key_sha256"), ED_SPKI_SHA256);
        ck_assert_uint_eq(f->line, strcmp(f->path, "/etc/cloud.json") == 0 ? 1 : 2);
    }
}
END_TEST

START_TEST(test_truncated_and_hostile_pem)
{
    /* cut in the middle of the base64 */
    char *cut = fw_xstrndup(RSA_PKCS1, 700);
    tu_add_file(tree, ns, "/etc/cut.key", cut);
    free(cut);
    /* cut, then followed by the rest of the file: END never matches */
    char *noend = fw_xasprintf("%.*s\n-----END EC PRIVATE KEY-----\n", 700, RSA_PKCS1);
    tu_add_file(tree, ns, "/etc/noend.key", noend);
    free(noend);
    /* base64 that is not DER; a label that is too long; lone markers */
    tu_add_file(tree, ns, "/etc/junk.key",
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"
                "-----BEGIN PRIVATE KEY-----\nnot base64 !\n-----END PRIVATE KEY-----\n"
                "-----BEGIN PRIVATE KEY-----\nAAA\n-----END PRIVATE KEY-----\n"
                "-----BEGIN AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-----\n"
                "-----BEGIN -----\n-----END -----\n"
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA\n"
                "-----END OPENSSH PRIVATE KEY-----\n"
                "-----BEGIN ");
    /* a body longer than FW_MAX_KEY_OBJECT_SIZE */
    size_t big = FW_MAX_KEY_OBJECT_SIZE + 100;
    char *huge = fw_xmalloc(big + 200);
    strcpy(huge, "-----BEGIN PRIVATE KEY-----\n");
    size_t off = strlen(huge);
    memset(huge + off, 'A', big);
    strcpy(huge + off + big, "\n-----END PRIVATE KEY-----\n");
    tu_add_file(tree, ns, "/etc/huge.key", huge);
    free(huge);
    /* a BEGIN constant, NUL, then a real key: the real key is still found */
    size_t len;
    char *blob = padded(ED_PKCS8, 64, 16, &len);
    memcpy(blob + 10, "-----BEGIN PRIVATE KEY-----", 27);
    tu_add_bytes(tree, ns, "/lib/libmix.so", blob, len);
    free(blob);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 1);
    const fw_finding *f = tu_get(report, R_KEY, 0);
    ck_assert_str_eq(f->path, "/lib/libmix.so");
    ck_assert_uint_eq(f->offset, 64);
    ck_assert_uint_eq(all_findings(), 1);
}
END_TEST

START_TEST(test_pem_block_limit)
{
    /* more blocks than FW_MAX_PEM_PER_FILE: the rest is skipped, and the
     * report says so (the scan is incomplete, not silently partial) */
    fw_strbuf sb = FW_STRBUF_INIT;
    for (int i = 0; i < FW_MAX_PEM_PER_FILE + 5; i++)
        fw_sb_adds(&sb, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    fw_sb_adds(&sb, ED_PKCS8);
    tu_add_file(tree, ns, "/etc/many.pem", fw_sb_str(&sb));
    fw_sb_release(&sb);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 0);
    ck_assert_uint_eq(report->n_errors, 1);
    ck_assert(report->incomplete);
    ck_assert_ptr_nonnull(strstr(report->errors[0].message, "PEM blocks"));
}
END_TEST

START_TEST(test_der_files)
{
    tu_add_bytes(tree, ns, "/etc/device.bin", DER_ED, sizeof DER_ED - 1);
    tu_add_bytes(tree, ns, "/etc/ca.cer", DER_EXPIRED, sizeof DER_EXPIRED - 1);
    /* the same key with a trailing byte and no key-like name: not tried */
    size_t n = sizeof DER_ED - 1;
    char *longer = fw_xmalloc(n + 1);
    memcpy(longer, DER_ED, n);
    longer[n] = '\n';
    tu_add_bytes(tree, ns, "/etc/other.bin", longer, n + 1);
    /* ... but tried in a file named .key */
    tu_add_bytes(tree, ns, "/etc/other.key", longer, n + 1);
    free(longer);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 2);
    for (size_t i = 0; i < 2; i++) {
        const fw_finding *f = tu_get(report, R_KEY, i);
        ck_assert(strcmp(f->path, "/etc/device.bin") == 0 || strcmp(f->path, "/etc/other.key") == 0);
        ck_assert_str_eq(tu_detail(f, "format"), "der");
        ck_assert_str_eq(tu_detail(f, "key_type"), "Ed25519");
        ck_assert_str_eq(tu_detail(f, "public_key_sha256"), ED_SPKI_SHA256);
        ck_assert_uint_eq(f->line, 0);
        ck_assert_uint_eq(f->offset, 0);
    }
    ck_assert_uint_eq(tu_count(report, R_EXPIRED), 1);
    ck_assert_str_eq(tu_detail(tu_get(report, R_EXPIRED, 0), "sha256"), EXPIRED_CRT_SHA256);
}
END_TEST

/* ---- certificates ------------------------------------------------------ */

START_TEST(test_cert_expired)
{
    char *content = fw_xasprintf("# device certificate\n%s", CRT_EXPIRED);
    tu_add_file(tree, ns, "/etc/ssl/certs/device.crt", content);
    free(content);
    run();
    ck_assert_uint_eq(tu_count(report, R_EXPIRED), 1);
    ck_assert_uint_eq(all_findings(), 1);
    const fw_finding *f = tu_get(report, R_EXPIRED, 0);
    ck_assert_uint_eq(f->line, 2);
    ck_assert_str_eq(tu_detail(f, "not_after"), "2001-01-01T00:00:00Z");
    ck_assert_str_eq(tu_detail(f, "subject"), "CN=expired.example");
    ck_assert_str_eq(tu_detail(f, "issuer"), "CN=expired.example");
    ck_assert_str_eq(tu_detail(f, "key_type"), "Ed25519");
    ck_assert_str_eq(tu_detail(f, "sha256"), EXPIRED_CRT_SHA256);
    ck_assert_str_eq(f->excerpt, "-----BEGIN CERTIFICATE-----");
    ck_assert(tu_names_req(f, "MO.6"));
    ck_assert_int_eq(f->severity, FW_SEV_MEDIUM);
    ck_assert_ptr_nonnull(strstr(f->message, "2001-01-01"));
}
END_TEST

START_TEST(test_cert_rsa1024)
{
    tu_add_file(tree, ns, "/etc/ssl/certs/device.crt", CRT_RSA1024);
    run();
    ck_assert_uint_eq(tu_count(report, R_WEAK_KEY), 1);
    ck_assert_uint_eq(all_findings(), 1);
    const fw_finding *f = tu_get(report, R_WEAK_KEY, 0);
    ck_assert_str_eq(tu_detail(f, "key_type"), "RSA");
    ck_assert_str_eq(tu_detail(f, "bits"), "1024");
    ck_assert_str_eq(tu_detail(f, "sig_alg"), "sha256WithRSAEncryption");
    ck_assert(is_hex64(tu_detail(f, "sha256")));
    ck_assert(tu_names_req(f, "MO.6"));
}
END_TEST

START_TEST(test_cert_sha1)
{
    tu_add_file(tree, ns, "/etc/ssl/certs/device.crt", CRT_SHA1_LEAF);
    run();
    ck_assert_uint_eq(tu_count(report, R_WEAK_SIG), 1);
    ck_assert_uint_eq(all_findings(), 1);
    const fw_finding *f = tu_get(report, R_WEAK_SIG, 0);
    ck_assert_str_eq(tu_detail(f, "sig_alg"), "ecdsa-with-SHA1");
    ck_assert_str_eq(tu_detail(f, "subject"), "CN=sha1.example");
    ck_assert_str_eq(tu_detail(f, "issuer"), "CN=Test CA");
    ck_assert_str_eq(tu_detail(f, "key_type"), "EC");
    ck_assert(tu_names_req(f, "MO.6"));
}
END_TEST

START_TEST(test_cert_sha1_self_signed_root_exempt)
{
    /* a trust anchor's self-signature is never verified (see keys.c) */
    tu_add_file(tree, ns, "/etc/ssl/certs/ca-certificates.crt", CRT_SHA1_ROOT);
    run();
    ck_assert_uint_eq(all_findings(), 0);
}
END_TEST

START_TEST(test_good_cert)
{
    char *bundle = fw_xasprintf("%s\n%s", CRT_GOOD, CRT_GOOD);
    tu_add_file(tree, ns, "/etc/ssl/certs/device.crt", bundle);
    free(bundle);
    run();
    ck_assert_uint_eq(all_findings(), 0);
    ck_assert_uint_eq(report->n_errors, 0);
}
END_TEST

START_TEST(test_bundle_each_cert_judged)
{
    /* a bundle: each certificate is judged on its own, at its own line */
    char *bundle = fw_xasprintf("%s%s%s", CRT_GOOD, CRT_RSA1024, CRT_EXPIRED);
    tu_add_file(tree, ns, "/etc/ssl/certs/bundle.pem", bundle);
    free(bundle);
    run();
    ck_assert_uint_eq(tu_count(report, R_WEAK_KEY), 1);
    ck_assert_uint_eq(tu_count(report, R_EXPIRED), 1);
    ck_assert_uint_eq(all_findings(), 2);
    ck_assert_uint_gt(tu_get(report, R_EXPIRED, 0)->line, tu_get(report, R_WEAK_KEY, 0)->line);
}
END_TEST

START_TEST(test_unbound_checks_silent)
{
    /* a rule set binding only the expiry check reports nothing else */
    fw_ruleset_free(&rs);
    rs = tu_ruleset_from(
        "rule only-expired\n"
        "  requires MO.6\n"
        "  severity low\n"
        "  title Expired\n"
        "  fix Renew it.\n"
        "  analyzer keys check=certificate-expired\n"
        "  must-match \"x\"\n"
        "  must-not-match \"y\"\n"
        "end\n");
    char *both = fw_xasprintf("%s%s%s", RSA_PKCS1, CRT_RSA1024, CRT_EXPIRED);
    tu_add_file(tree, ns, "/etc/mixed.pem", both);
    free(both);
    run();
    ck_assert_uint_eq(report->n_findings, 1);
    ck_assert_str_eq(report->findings[0]->rule->id, "only-expired");
    ck_assert_int_eq(report->findings[0]->severity, FW_SEV_LOW);
}
END_TEST


/* ---- the inventory ---------------------------------------------------- */

#define R_SHARED   "private-key-in-several-files"
#define R_CA_KEY   "ca-private-key"
#define R_HOST_KEY "ssh-host-private-key"
#define R_TLS_KEY  "tls-server-key-shipped"

/* Cell `col` of the n-th "keys" inventory row for `path` (test fails if
 * there is none). */
static const char *key_cell(const char *path, size_t nth, const char *col)
{
    const fw_inventory *inv = fw_report_find_inventory(report, "keys");
    ck_assert_msg(inv != NULL, "no keys inventory");
    size_t c = SIZE_MAX;
    for (size_t i = 0; i < inv->n_columns; i++)
        if (strcmp(inv->columns[i], col) == 0)
            c = i;
    ck_assert_msg(c != SIZE_MAX, "no column %s", col);
    for (size_t r = 0; r < inv->n_rows; r++)
        if (strcmp(inv->rows[r][0], path) == 0 && nth-- == 0)
            return inv->rows[r][c];
    ck_abort_msg("no keys row for %s", path);
    return NULL;
}

static size_t key_rows(void)
{
    const fw_inventory *inv = fw_report_find_inventory(report, "keys");
    return inv ? inv->n_rows : 0;
}

START_TEST(test_inventory_lists_every_key_and_cert)
{
    tu_add_file(tree, ns, "/etc/ssl/a.key", RSA_PKCS1);
    tu_add_file(tree, ns, "/etc/ssl/enc.key", RSA_ENC_LEGACY);
    tu_add_file(tree, ns, "/etc/ssl/enc8.key", ED_ENC_PKCS8);
    tu_add_file(tree, ns, "/root/.ssh/id_enc", SSH_ED_ENC);
    tu_add_file(tree, ns, "/etc/ssl/pub.pem", RSA_PUB);
    tu_add_file(tree, ns, "/etc/ssl/pub1.pem", RSA_PUB_PKCS1);
    tu_add_file(tree, ns, "/etc/ssl/certs/ca.pem", CA_CRT);
    tu_add_file(tree, ns, "/etc/ssl/certs/good.pem", CRT_GOOD);
    run();
    ck_assert_uint_eq(key_rows(), 8);
    ck_assert_str_eq(key_cell("/etc/ssl/pub1.pem", 0, "kind"), "public key");
    ck_assert_str_eq(key_cell("/etc/ssl/pub1.pem", 0, "public_key_sha256"), RSA_SPKI_SHA256);
    ck_assert_str_eq(key_cell("/etc/ssl/a.key", 0, "kind"), "private key");
    ck_assert_str_eq(key_cell("/etc/ssl/a.key", 0, "type"), "RSA");
    ck_assert_str_eq(key_cell("/etc/ssl/a.key", 0, "bits"), "2048");
    ck_assert_str_eq(key_cell("/etc/ssl/a.key", 0, "public_key_sha256"), RSA_SPKI_SHA256);
    ck_assert_str_eq(key_cell("/etc/ssl/a.key", 0, "encrypted"), "no");
    ck_assert_str_eq(key_cell("/etc/ssl/a.key", 0, "location"), "line 1");
    ck_assert_str_eq(key_cell("/etc/ssl/enc.key", 0, "encrypted"), "yes");
    ck_assert_str_eq(key_cell("/etc/ssl/enc.key", 0, "type"), "RSA");
    ck_assert_str_eq(key_cell("/etc/ssl/enc8.key", 0, "encrypted"), "yes");
    /* an encrypted OpenSSH key still names its public key */
    ck_assert_str_eq(key_cell("/root/.ssh/id_enc", 0, "type"), "Ed25519");
    ck_assert_str_eq(key_cell("/root/.ssh/id_enc", 0, "encrypted"), "yes");
    ck_assert_str_eq(key_cell("/etc/ssl/pub.pem", 0, "kind"), "public key");
    ck_assert_str_eq(key_cell("/etc/ssl/pub.pem", 0, "public_key_sha256"), RSA_SPKI_SHA256);
    ck_assert_str_eq(key_cell("/etc/ssl/certs/ca.pem", 0, "kind"), "CA certificate");
    ck_assert_str_eq(key_cell("/etc/ssl/certs/ca.pem", 0, "subject"), "CN=Acme Device CA");
    ck_assert_str_eq(key_cell("/etc/ssl/certs/ca.pem", 0, "public_key_sha256"), CA_SPKI_SHA256);
    /* what the certificate says: CA:TRUE (openssl req -x509's default) */
    ck_assert_str_eq(key_cell("/etc/ssl/certs/good.pem", 0, "kind"), "CA certificate");
    ck_assert_str_eq(key_cell("/etc/ssl/certs/good.pem", 0, "not_after"), "2100-10-30T10:18:06Z");
    /* the same public key as the private one: an auditor can pair them */
    ck_assert_str_eq(key_cell("/etc/ssl/certs/good.pem", 0, "public_key_sha256"), RSA_SPKI_SHA256);
    /* listing is not judging: only the unencrypted key is a finding */
    ck_assert_uint_eq(tu_count(report, R_KEY), 1);
}
END_TEST

START_TEST(test_inventory_present_when_empty)
{
    tu_add_file(tree, ns, "/etc/motd", "no keys here\n");
    run();
    const fw_inventory *inv = fw_report_find_inventory(report, "keys");
    ck_assert_ptr_nonnull(inv);
    ck_assert_uint_eq(inv->n_rows, 0);
}
END_TEST

START_TEST(test_inventory_keys_in_binaries_by_offset)
{
    size_t len;
    char *blob = padded(RSA_PKCS8, 300, 20, &len);
    tu_add_bytes(tree, ns, "/usr/lib/libx.so", blob, len);
    free(blob);
    run();
    ck_assert_str_eq(key_cell("/usr/lib/libx.so", 0, "location"), "offset 300");
}
END_TEST

/* ---- the same key in several files ------------------------------------- */

START_TEST(test_shared_key_across_files)
{
    tu_add_file(tree, ns, "/etc/lighttpd/server.pem", RSA_PKCS1);
    size_t len;
    char *blob = padded(RSA_PKCS8, 100, 100, &len);
    tu_add_bytes(tree, ns, "/usr/bin/cloudd", blob, len);
    free(blob);
    tu_add_file(tree, ns, "/etc/other.key", EC_SEC1);
    run();
    ck_assert_uint_eq(tu_count(report, R_SHARED), 1);
    const fw_finding *f = tu_get(report, R_SHARED, 0);
    ck_assert_str_eq(f->path, "/etc/lighttpd/server.pem");
    ck_assert_str_eq(tu_detail(f, "files"), "2");
    ck_assert_str_eq(tu_detail(f, "public_key_sha256"), RSA_SPKI_SHA256);
    ck_assert_str_eq(tu_detail(f, "found_in"), "/etc/lighttpd/server.pem, /usr/bin/cloudd");
    ck_assert(tu_names_req(f, "MO.13"));
    ck_assert(tu_names_req(f, "MO.2"));
}
END_TEST

START_TEST(test_shared_key_near_misses)
{
    /* the same key twice in one file, and two different keys: not shared */
    char *twice = fw_xasprintf("%s%s", RSA_PKCS1, RSA_PKCS8);
    tu_add_file(tree, ns, "/etc/both.pem", twice);
    free(twice);
    tu_add_file(tree, ns, "/etc/ed.pem", ED_PKCS8);
    tu_add_file(tree, ns, "/etc/ed2.pem", SSH_ED_AS_PKCS8);
    /* a certificate and its own key share a public key: not two keys */
    tu_add_file(tree, ns, "/etc/good.crt", CRT_GOOD);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 4);
    ck_assert_uint_eq(tu_count(report, R_SHARED), 0);
}
END_TEST

START_TEST(test_openssh_and_pkcs8_forms_are_one_key)
{
    tu_add_file(tree, ns, "/root/.ssh/id_ed25519", SSH_ED);
    tu_add_file(tree, ns, "/etc/cloud/key.pem", SSH_ED_AS_PKCS8);
    run();
    ck_assert_uint_eq(tu_count(report, R_SHARED), 1);
    ck_assert_str_eq(tu_detail(tu_get(report, R_SHARED, 0), "public_key_sha256"),
                     SSH_ED_SPKI_SHA256);
}
END_TEST

/* ---- CA keys ------------------------------------------------------------ */

START_TEST(test_ca_key_matches_ca_certificate)
{
    tu_add_file(tree, ns, "/etc/pki/ca.crt", CA_CRT);
    tu_add_file(tree, ns, "/usr/share/factory/signing.pem", CA_KEY);
    run();
    ck_assert_uint_eq(tu_count(report, R_CA_KEY), 1);
    const fw_finding *f = tu_get(report, R_CA_KEY, 0);
    ck_assert_str_eq(f->path, "/usr/share/factory/signing.pem");
    ck_assert_uint_eq(f->line, 1);
    ck_assert_str_eq(tu_detail(f, "ca_subject"), "CN=Acme Device CA");
    ck_assert_str_eq(tu_detail(f, "ca_certificate"), "/etc/pki/ca.crt");
    ck_assert_str_eq(tu_detail(f, "public_key_sha256"), CA_SPKI_SHA256);
    ck_assert_int_eq(f->severity, FW_SEV_CRITICAL);
}
END_TEST

START_TEST(test_ca_key_next_to_ca_certificate)
{
    /* cakey.pem by cacert.pem (OpenSSL's CA.pl names): the key does not
     * match (it is another key), but it is the CA's by name and place */
    tu_add_file(tree, ns, "/etc/pki/CA/cacert.pem", CA_CRT);
    tu_add_file(tree, ns, "/etc/pki/CA/cakey.pem", ED_PKCS8);
    run();
    ck_assert_uint_eq(tu_count(report, R_CA_KEY), 1);
    ck_assert(strstr(tu_detail(tu_get(report, R_CA_KEY, 0), "match"), "next to") != NULL);
}
END_TEST

START_TEST(test_ca_key_of_self_signed_ca_that_issued)
{
    /* CA:TRUE without keyUsage counts as a CA once it issued a certificate
     * seen in the image */
    tu_add_file(tree, ns, "/etc/ssl/certs/vendor-ca.pem", SS_CA_CRT);
    tu_add_file(tree, ns, "/etc/cloud/client.crt", SS_LEAF_CRT);
    tu_add_file(tree, ns, "/usr/share/factory/issuer.pem", SS_CA_KEY);
    run();
    ck_assert_uint_eq(tu_count(report, R_CA_KEY), 1);
    ck_assert_str_eq(tu_detail(tu_get(report, R_CA_KEY, 0), "ca_subject"), "CN=Vendor Test CA");
}
END_TEST

START_TEST(test_self_signed_server_cert_key_is_not_ca_key)
{
    /* near miss: the same pair without a certificate it issued */
    tu_add_file(tree, ns, "/etc/ssl/certs/vendor-ca.pem", SS_CA_CRT);
    tu_add_file(tree, ns, "/usr/share/factory/issuer.pem", SS_CA_KEY);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 1);
    ck_assert_uint_eq(tu_count(report, R_CA_KEY), 0);
}
END_TEST

START_TEST(test_ca_key_near_misses)
{
    /* a leaf certificate's key (CA:FALSE), and a CA certificate with an
     * unrelated key beside it under another name */
    tu_add_file(tree, ns, "/etc/pki/device.crt", LEAF_CRT);
    tu_add_file(tree, ns, "/etc/pki/device.key", LEAF_KEY);
    tu_add_file(tree, ns, "/etc/pki/ca.crt", CA_CRT);
    tu_add_file(tree, ns, "/etc/pki/server.key", ED_PKCS8);
    /* `openssl req -x509` marks a self-signed server certificate CA:TRUE
     * without keyUsage: its key is the server's, not a CA's */
    tu_add_file(tree, ns, "/etc/lighttpd/server.crt", CRT_GOOD);
    tu_add_file(tree, ns, "/etc/lighttpd/server.key", RSA_PKCS1);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 3);
    ck_assert_uint_eq(tu_count(report, R_CA_KEY), 0);
    ck_assert_str_eq(key_cell("/etc/lighttpd/server.crt", 0, "kind"), "CA certificate");
}
END_TEST

/* ---- SSH host keys ------------------------------------------------------ */

START_TEST(test_dropbear_host_key_by_hand)
{
    tu_add_bytes(tree, ns, "/etc/dropbear/dropbear_ed25519_host_key", DROPBEAR_ED,
                 sizeof DROPBEAR_ED - 1);
    run();
    ck_assert_uint_eq(tu_count(report, R_HOST_KEY), 1);
    const fw_finding *f = tu_get(report, R_HOST_KEY, 0);
    ck_assert_str_eq(f->path, "/etc/dropbear/dropbear_ed25519_host_key");
    ck_assert_str_eq(tu_detail(f, "format"), "dropbear");
    ck_assert_str_eq(tu_detail(f, "public_key_sha256"), SSH_ED_SPKI_SHA256);
    ck_assert(tu_names_req(f, "MO.2"));
    ck_assert(tu_names_req(f, "MO.13"));
    /* one key, one finding: not again as an unencrypted private key */
    ck_assert_uint_eq(tu_count(report, R_KEY), 0);
    ck_assert_str_eq(tu_detail(f, "also_matches"), "private-key-unencrypted");
}
END_TEST

START_TEST(test_dropbear_near_misses)
{
    /* the public half only, cut short, and garbage under a host key name */
    unsigned char pub[4 + 11 + 4 + 32];
    memcpy(pub, DROPBEAR_ED, 15);
    memcpy(pub + 15, "\x00\x00\x00\x20", 4);
    memcpy(pub + 19, DROPBEAR_ED + 19 + 32, 32);
    tu_add_bytes(tree, ns, "/etc/dropbear/dropbear_ed25519_host_key", pub, sizeof pub);
    tu_add_bytes(tree, ns, "/etc/dropbear/dropbear_rsa_host_key", DROPBEAR_ED, 40);
    tu_add_bytes(tree, ns, "/etc/dropbear/dropbear_ecdsa_host_key",
                 "\xff\xff\xff\xff" "ssh-rsa", 11);
    run();
    ck_assert_uint_eq(tu_count(report, R_HOST_KEY), 0);
    ck_assert_uint_eq(tu_count(report, R_KEY), 0);
    ck_assert_uint_eq(report->n_errors, 0);
}
END_TEST

/* Run a command; 0 on success. */
static int sh(const char *cmd)
{
    return system(cmd) == 0 ? 0 : -1;
}

START_TEST(test_dropbear_keys_made_by_dropbearkey)
{
    /* real files from dropbear's own tool, converted to OpenSSH form by
     * dropbearconvert: both forms must give the same public_key_sha256 */
    if (sh("command -v dropbearkey >/dev/null 2>&1 && command -v dropbearconvert >/dev/null 2>&1")) {
        fprintf(stderr, "SKIP test_dropbear_keys_made_by_dropbearkey: dropbear-bin not installed\n");
        return;
    }
    static const char *const types[] = { "rsa", "ecdsa", "ed25519" };
    char *dir = tu_mkdtemp();
    for (size_t i = 0; i < 3; i++) {
        char *cmd = fw_xasprintf("cd '%s' && dropbearkey -t %s -f db_%s >/dev/null 2>&1 && "
                              "dropbearconvert dropbear openssh db_%s ossh_%s >/dev/null 2>&1",
                              dir, types[i], types[i], types[i], types[i]);
        ck_assert_msg(sh(cmd) == 0, "%s", cmd);
        free(cmd);
        size_t n;
        char *p = fw_xasprintf("%s/db_%s", dir, types[i]);
        char *data = tu_slurp(p, &n);
        char *img = fw_xasprintf("/etc/dropbear/dropbear_%s_host_key", types[i]);
        tu_add_bytes(tree, ns, img, data, n);
        free(data); free(p); free(img);
        p = fw_xasprintf("%s/ossh_%s", dir, types[i]);
        data = tu_slurp(p, &n);
        img = fw_xasprintf("/root/backup/%s.key", types[i]);
        tu_add_bytes(tree, ns, img, data, n);
        free(data); free(p); free(img);
    }
    tu_rmtree(dir);
    free(dir);
    run();
    ck_assert_uint_eq(tu_count(report, R_HOST_KEY), 3);
    /* the host keys are reported as host keys only; their copies as keys */
    ck_assert_uint_eq(tu_count(report, R_KEY), 3);
    /* each dropbear key is found again in its OpenSSH copy */
    ck_assert_uint_eq(tu_count(report, R_SHARED), 3);
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(tu_detail(tu_get(report, R_SHARED, i), "files"), "2");
}
END_TEST

START_TEST(test_openssh_host_key)
{
    tu_add_file(tree, ns, "/etc/ssh/ssh_host_ed25519_key", SSH_ED);
    tu_add_file(tree, ns, "/etc/ssh/ssh_host_ed25519_key.pub", SSH_ED_PUB);
    tu_add_file(tree, ns, "/root/.ssh/id_ed25519", SSH_ED_AS_PKCS8);
    run();
    ck_assert_uint_eq(tu_count(report, R_HOST_KEY), 1);
    ck_assert_str_eq(tu_get(report, R_HOST_KEY, 0)->path, "/etc/ssh/ssh_host_ed25519_key");
}
END_TEST

/* ---- TLS server keys ---------------------------------------------------- */

START_TEST(test_tls_key_named_by_uhttpd)
{
    tu_add_file(tree, ns, "/etc/config/uhttpd",
                "config uhttpd 'main'\n"
                "\tlist listen_https '0.0.0.0:443'\n"
                "\toption cert '/etc/srv/uhttpd.crt'\n"
                "\toption key '/etc/srv/uhttpd.key'\n");
    tu_add_file(tree, ns, "/etc/srv/uhttpd.key", EC_SEC1);
    run();
    ck_assert_uint_eq(tu_count(report, R_TLS_KEY), 1);
    const fw_finding *f = tu_get(report, R_TLS_KEY, 0);
    ck_assert_str_eq(f->path, "/etc/srv/uhttpd.key");
    ck_assert_str_eq(tu_detail(f, "server"), "uhttpd");
    ck_assert_str_eq(tu_detail(f, "configured_in"), "/etc/config/uhttpd:4");
    ck_assert_str_eq(tu_detail(f, "public_key_sha256"), EC_SPKI_SHA256);
}
END_TEST

START_TEST(test_tls_key_via_symlink_and_nginx)
{
    tu_add_file(tree, ns, "/etc/nginx/conf.d/ssl.conf",
                "server {\n    listen 443 ssl;\n"
                "    ssl_certificate     /etc/nginx/tls/cert.pem;\n"
                "    ssl_certificate_key /etc/nginx/tls/key.pem;\n}\n");
    tu_add_symlink(tree, ns, "/etc/nginx/tls", "/usr/share/tls");
    tu_add_file(tree, ns, "/usr/share/tls/key.pem", ED_PKCS8);
    run();
    ck_assert_uint_eq(tu_count(report, R_TLS_KEY), 1);
    ck_assert_str_eq(tu_get(report, R_TLS_KEY, 0)->path, "/usr/share/tls/key.pem");
    ck_assert_str_eq(tu_detail(tu_get(report, R_TLS_KEY, 0), "server"), "nginx");
}
END_TEST

START_TEST(test_tls_key_near_misses)
{
    /* commented out, a key no server names, an encrypted key in
     * /etc/ssl/private */
    tu_add_file(tree, ns, "/etc/config/uhttpd",
                "config uhttpd 'main'\n#\toption key '/srv/a.key'\n");
    tu_add_file(tree, ns, "/srv/a.key", ED_PKCS8);
    tu_add_file(tree, ns, "/etc/mosquitto/mosquitto.conf", "listener 8883\n# keyfile /srv/b.key\n");
    tu_add_file(tree, ns, "/srv/b.key", EC_SEC1);
    tu_add_file(tree, ns, "/etc/ssl/private/enc.key", ED_ENC_PKCS8);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 2);
    ck_assert_uint_eq(tu_count(report, R_TLS_KEY), 0);
}
END_TEST

START_TEST(test_tls_key_in_ssl_private)
{
    tu_add_bytes(tree, ns, "/etc/ssl/private/device.der", DER_ED, sizeof DER_ED - 1);
    run();
    ck_assert_uint_eq(tu_count(report, R_TLS_KEY), 1);
    ck_assert_str_eq(tu_detail(tu_get(report, R_TLS_KEY, 0), "format"), "der");
}
END_TEST

/* ---- certificates made at test time ------------------------------------- */

#define R_STORE "ca-bundle-stale"
#define ROLE_LIB "library test key"
#define ROLE_DOC "documentation example"
#define ROLE_FIRSTBOOT "generated at first boot"

typedef struct made_cert {
    char *cert;   /* PEM */
    char *key;    /* PEM, PKCS#8, unencrypted */
} made_cert;

static char *bio_string(BIO *bio)
{
    char *data = NULL;
    long n = BIO_get_mem_data(bio, &data);
    char *out = fw_xstrndup(data, (size_t)n);
    BIO_free(bio);
    return out;
}

/* A self-signed certificate (issuer NULL) or one signed by issuer: subject
 * "CN=cn" (plus "O=org" when given), valid from 2000 until now + days (days
 * < 0: expired), CA:TRUE with keyCertSign when ca. rsa_bits 0 = a P-256 key. */
static made_cert make_cert(const char *cn, const char *org, long days, int ca, int rsa_bits,
                           const made_cert *issuer)
{
    EVP_PKEY *key = rsa_bits ? EVP_RSA_gen((unsigned)rsa_bits) : EVP_EC_gen("P-256");
    ck_assert_ptr_nonnull(key);
    X509 *x = X509_new();
    X509_set_version(x, 2);
    static long serial = 1000;
    ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
    ASN1_TIME_set_string(X509_getm_notBefore(x), "20000101000000Z");
    X509_time_adj_ex(X509_getm_notAfter(x), (int)days, 0, NULL);
    X509_NAME *name = X509_get_subject_name(x);
    if (org)
        X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)org, -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509_set_pubkey(x, key);
    EVP_PKEY *signer = key;
    X509 *ix = NULL;
    if (issuer) {
        BIO *b = BIO_new_mem_buf(issuer->cert, -1);
        ix = PEM_read_bio_X509(b, NULL, NULL, NULL);
        BIO_free(b);
        b = BIO_new_mem_buf(issuer->key, -1);
        signer = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
        BIO_free(b);
        ck_assert(ix && signer);
        X509_set_issuer_name(x, X509_get_subject_name(ix));
    } else {
        X509_set_issuer_name(x, name);
    }
    X509V3_CTX v3;
    X509V3_set_ctx(&v3, ix ? ix : x, x, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints,
                                              ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
    ext = X509V3_EXT_conf_nid(NULL, &v3, NID_key_usage,
                              ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
    ck_assert(X509_sign(x, signer, EVP_sha256()) > 0);
    made_cert mc;
    BIO *b = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(b, x);
    mc.cert = bio_string(b);
    b = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(b, key, NULL, NULL, 0, NULL, NULL);
    mc.key = bio_string(b);
    if (signer != key)
        EVP_PKEY_free(signer);
    X509_free(ix);
    X509_free(x);
    EVP_PKEY_free(key);
    return mc;
}

static void made_free(made_cert *mc)
{
    free(mc->cert);
    free(mc->key);
}

/* Rows of inventory `name` (0 when it is absent). */
static size_t inv_rows(const char *name)
{
    const fw_inventory *inv = fw_report_find_inventory(report, name);
    return inv ? inv->n_rows : 0;
}

static const char *inv_cell(const char *name, size_t row, const char *col)
{
    const fw_inventory *inv = fw_report_find_inventory(report, name);
    ck_assert_msg(inv != NULL, "no %s inventory", name);
    ck_assert_uint_lt(row, inv->n_rows);
    for (size_t i = 0; i < inv->n_columns; i++)
        if (strcmp(inv->columns[i], col) == 0)
            return inv->rows[row][i];
    ck_abort_msg("no column %s", col);
    return NULL;
}

/* ---- trust stores -------------------------------------------------------- */

/* The Debian/OpenWrt ca-certificates layout: the roots in
 * /usr/share/ca-certificates/mozilla, /etc/ssl/certs/NAME.pem and hash
 * symlinks to them, the bundle /etc/ssl/certs/ca-certificates.crt; two roots
 * expired and one with a 1024-bit key. Beside them the device's own
 * self-signed certificate (expired) whose key is in /etc/ssl/private. */
START_TEST(test_trust_store_ca_certificates_layout)
{
    static const struct { const char *cn; long days; int bits; } roots[] = {
        { "Alpha Root CA", 3650, 0 }, { "Beta Root CA", -400, 0 }, { "Gamma Root CA", 3650, 0 },
        { "Delta Root CA", -30, 0 }, { "Epsilon Root CA", 3650, 1024 },
        { "Zeta Root CA", 3650, 0 },
    };
    fw_strbuf bundle = FW_STRBUF_INIT;
    for (size_t i = 0; i < 6; i++) {
        made_cert mc = make_cert(roots[i].cn, "Public Trust", roots[i].days, 1, roots[i].bits,
                                 NULL);
        char *p = fw_xasprintf("/usr/share/ca-certificates/mozilla/Root_%zu.crt", i);
        tu_add_file(tree, ns, p, mc.cert);
        char *l = fw_xasprintf("/etc/ssl/certs/Root_%zu.pem", i);
        tu_add_symlink(tree, ns, l, p);
        char *h = fw_xasprintf("/etc/ssl/certs/%08zx.0", 0x1a2b3c00 + i);
        tu_add_symlink(tree, ns, h, fw_node_syspath(fw_ns_get(ns, l)) + 15);
        fw_sb_adds(&bundle, mc.cert);
        free(p); free(l); free(h);
        made_free(&mc);
    }
    tu_add_file(tree, ns, "/etc/ssl/certs/ca-certificates.crt", fw_sb_str(&bundle));
    fw_sb_release(&bundle);
    made_cert dev = make_cert("router.lan", NULL, -10, 1, 0, NULL);
    tu_add_file(tree, ns, "/etc/ssl/certs/router.crt", dev.cert);
    tu_add_file(tree, ns, "/etc/ssl/private/router.key", dev.key);
    made_free(&dev);
    run();

    /* 12 roots (6 files + the bundle): not one finding each */
    ck_assert_uint_eq(tu_count(report, R_WEAK_KEY), 0);
    ck_assert_uint_eq(tu_count(report, R_EXPIRED), 1);
    ck_assert_str_eq(tu_get(report, R_EXPIRED, 0)->path, "/etc/ssl/certs/router.crt");
    /* one finding per store: the bundle, and the directory of roots */
    ck_assert_uint_eq(tu_count(report, R_STORE), 2);
    const fw_finding *fb = NULL, *fd = NULL;
    for (size_t i = 0; i < 2; i++) {
        const fw_finding *f = tu_get(report, R_STORE, i);
        if (strcmp(tu_detail(f, "kind"), "bundle file") == 0)
            fb = f;
        else
            fd = f;
    }
    ck_assert(fb && fd);
    ck_assert_str_eq(fb->path, "/etc/ssl/certs/ca-certificates.crt");
    ck_assert_int_eq(fb->severity, FW_SEV_LOW);
    ck_assert(tu_names_req(fb, "MO.6"));
    ck_assert_str_eq(tu_detail(fb, "certificates"), "6");
    ck_assert_str_eq(tu_detail(fb, "expired"), "2");
    ck_assert_str_eq(tu_detail(fb, "weak_key"), "1");
    ck_assert_ptr_nonnull(strstr(fb->message, "holds 6 CA certificates, 2 expired and 1 with a weak key"));
    /* the first stale root of the bundle: Beta, the second certificate */
    ck_assert_ptr_nonnull(strstr(tu_detail(fb, "stale_certificates"), "Beta Root CA"));
    ck_assert_uint_gt(fb->line, 1);
    /* the directory's finding is at its first stale root in path order */
    ck_assert_str_eq(fd->path, "/usr/share/ca-certificates/mozilla/Root_1.crt");
    ck_assert_str_eq(tu_detail(fd, "store"), "/usr/share/ca-certificates/mozilla");
    ck_assert_str_eq(tu_detail(fd, "expired"), "2");
    /* the inventories */
    ck_assert_uint_eq(inv_rows("trust-stores"), 2);
    ck_assert_str_eq(key_cell("/usr/share/ca-certificates/mozilla/Root_3.crt", 0, "role"),
                     "trust store /usr/share/ca-certificates/mozilla");
    ck_assert_str_eq(key_cell("/etc/ssl/certs/ca-certificates.crt", 5, "role"),
                     "trust store /etc/ssl/certs/ca-certificates.crt");
    ck_assert_str_eq(key_cell("/etc/ssl/certs/router.crt", 0, "role"), "-");
}
END_TEST

START_TEST(test_trust_store_ordering_stable)
{
    /* the same roots listed in the other order give the same finding */
    char fp[2][FW_FINGERPRINT_LEN + 1];
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < 5; k++) {
            size_t i = pass ? 4 - k : k;
            made_cert mc = make_cert("Root", NULL, i == 2 || i == 4 ? -5 : 365, 1, 0, NULL);
            char *p = fw_xasprintf("/etc/ssl/certs/r%zu.crt", i);
            tu_add_file(tree, ns, p, mc.cert);
            free(p);
            made_free(&mc);
        }
        run();
        ck_assert_uint_eq(tu_count(report, R_STORE), 1);
        ck_assert_uint_eq(tu_count(report, R_EXPIRED), 0);
        ck_assert_str_eq(tu_get(report, R_STORE, 0)->path, "/etc/ssl/certs/r2.crt");
        snprintf(fp[pass], sizeof fp[pass], "%s", tu_get(report, R_STORE, 0)->fingerprint);
        teardown();
        setup();
    }
    ck_assert_str_eq(fp[0], fp[1]);
}
END_TEST

START_TEST(test_trust_store_near_misses)
{
    /* four CA certificates in a directory are a vendor's own CAs: judged */
    for (size_t i = 0; i < 4; i++) {
        made_cert mc = make_cert("Vendor CA", "Acme", i == 0 ? -5 : 365, 1, 0, NULL);
        char *p = fw_xasprintf("/etc/acme/ca%zu.crt", i);
        tu_add_file(tree, ns, p, mc.cert);
        free(p);
        made_free(&mc);
    }
    /* a chain file: the server's certificate and five CAs is no bundle */
    made_cert ca = make_cert("Chain CA", NULL, 365, 1, 0, NULL);
    made_cert leaf = make_cert("device.example", NULL, -3, 0, 0, &ca);
    fw_strbuf chain = FW_STRBUF_INIT;
    fw_sb_adds(&chain, leaf.cert);
    for (size_t i = 0; i < 5; i++)
        fw_sb_adds(&chain, ca.cert);
    tu_add_file(tree, ns, "/etc/ssl/fullchain.pem", fw_sb_str(&chain));
    fw_sb_release(&chain);
    made_free(&ca);
    made_free(&leaf);
    /* a lone self-signed server certificate in /etc/ssl/certs */
    made_cert srv = make_cert("nas.local", NULL, -1, 1, 0, NULL);
    tu_add_file(tree, ns, "/etc/ssl/certs/server.crt", srv.cert);
    made_free(&srv);
    run();
    ck_assert_uint_eq(tu_count(report, R_STORE), 0);
    ck_assert_uint_eq(inv_rows("trust-stores"), 0);
    ck_assert_uint_eq(tu_count(report, R_EXPIRED), 3);
}
END_TEST

START_TEST(test_trust_store_named_by_config)
{
    /* OpenSSL's CApath and curl's cacert name the stores: 2 certificates in
     * a directory, 1 in a file */
    tu_add_file(tree, ns, "/etc/ssl/openssl.cnf",
                "[ req ]\ndefault_bits = 2048\n# CApath = /nowhere\nCApath = /etc/vendor/cas\n");
    tu_add_file(tree, ns, "/root/.curlrc", "--cacert /usr/share/cloud/root.pem\n");
    made_cert a = make_cert("Cloud Root", NULL, -20, 1, 0, NULL);
    made_cert b = make_cert("Cloud Root 2", NULL, 365, 1, 0, NULL);
    tu_add_file(tree, ns, "/etc/vendor/cas/a.crt", a.cert);
    tu_add_file(tree, ns, "/etc/vendor/cas/b.crt", b.cert);
    tu_add_file(tree, ns, "/usr/share/cloud/root.pem", a.cert);
    made_free(&a);
    made_free(&b);
    run();
    ck_assert_uint_eq(tu_count(report, R_EXPIRED), 0);
    ck_assert_uint_eq(tu_count(report, R_STORE), 2);
    ck_assert_uint_eq(inv_rows("trust-stores"), 2);
    int dir = strcmp(inv_cell("trust-stores", 0, "kind"), "directory") == 0 ? 0 : 1;
    ck_assert_str_eq(inv_cell("trust-stores", (size_t)dir, "path"), "/etc/vendor/cas");
    ck_assert_str_eq(inv_cell("trust-stores", (size_t)dir, "recognised_by"),
                     "CA directory of /etc/ssl/openssl.cnf:4");
    ck_assert_str_eq(inv_cell("trust-stores", (size_t)!dir, "recognised_by"),
                     "CA file of /root/.curlrc:1");
    ck_assert_str_eq(inv_cell("trust-stores", (size_t)!dir, "expired"), "1");
}
END_TEST

START_TEST(test_trust_store_config_near_miss)
{
    /* the same two certificates, no configuration naming them: judged */
    tu_add_file(tree, ns, "/etc/ssl/openssl.cnf", "# CApath = /etc/vendor/cas\n");
    made_cert a = make_cert("Cloud Root", NULL, -20, 1, 0, NULL);
    made_cert b = make_cert("Cloud Root 2", NULL, 365, 1, 0, NULL);
    tu_add_file(tree, ns, "/etc/vendor/cas/a.crt", a.cert);
    tu_add_file(tree, ns, "/etc/vendor/cas/b.crt", b.cert);
    made_free(&a);
    made_free(&b);
    run();
    ck_assert_uint_eq(tu_count(report, R_STORE), 0);
    ck_assert_uint_eq(tu_count(report, R_EXPIRED), 1);
    ck_assert_str_eq(tu_get(report, R_EXPIRED, 0)->path, "/etc/vendor/cas/a.crt");
}
END_TEST

/* ---- published test keys ------------------------------------------------- */

/* A binary: an ELF header, then the strings at 4 KiB steps. */
static char *fake_elf(const char *const *strings, size_t n, size_t *len)
{
    size_t total = 4096;
    for (size_t i = 0; i < n; i++)
        total += strlen(strings[i]) + 4096;
    char *buf = fw_xcalloc(total, 1);
    memcpy(buf, "\x7f" "ELF\x01\x01\x01", 7);
    size_t at = 4096;
    for (size_t i = 0; i < n; i++) {
        memcpy(buf + at, strings[i], strlen(strings[i]));
        at += strlen(strings[i]) + 4096;
    }
    *len = total;
    return buf;
}

/* DVRF's libpolarssl.so: PolarSSL's test CA, a server and a client
 * certificate (expired) and their keys compiled into the library. */
START_TEST(test_library_test_keys_dvrf_layout)
{
    made_cert ca = make_cert("PolarSSL Test CA", "PolarSSL", -300, 1, 0, NULL);
    made_cert srv = make_cert("localhost", "PolarSSL", -3000, 0, 0, &ca);
    made_cert cli = make_cert("PolarSSL Client 2", "PolarSSL", -3000, 0, 0, &ca);
    const char *strs[] = { "PolarSSL 1.2.8", ca.cert, srv.cert, srv.key, cli.cert, cli.key };
    size_t len;
    char *bin = fake_elf(strs, 6, &len);
    tu_add_bytes(tree, ns, "/usr/lib/libpolarssl.so", bin, len);
    tu_add_symlink(tree, ns, "/usr/lib/libpolarssl.so.0", "libpolarssl.so");
    /* a flattened copy: the same test keys in two files are no shared secret */
    tu_add_bytes(tree, ns, "/usr/lib/libpolarssl.so.1.2.8", bin, len);
    free(bin);
    run();
    ck_assert_uint_eq(all_findings(), 0);
    ck_assert_uint_eq(tu_count(report, R_SHARED) + tu_count(report, R_CA_KEY) +
                      tu_count(report, R_TLS_KEY) + tu_count(report, R_STORE), 0);
    ck_assert_uint_eq(key_rows(), 10);
    for (size_t i = 0; i < 5; i++)
        ck_assert_str_eq(key_cell("/usr/lib/libpolarssl.so", i, "role"), ROLE_LIB);
    ck_assert_str_eq(key_cell("/usr/lib/libpolarssl.so", 2, "kind"), "private key");
    made_free(&ca);
    made_free(&srv);
    made_free(&cli);
}
END_TEST

START_TEST(test_library_test_keys_near_misses)
{
    made_cert ca = make_cert("PolarSSL Test CA", "PolarSSL", 365, 1, 0, NULL);
    made_cert srv = make_cert("localhost", "PolarSSL", 365, 0, 0, &ca);
    /* a statically linked server carrying PolarSSL: its test certificate and
     * key are test vectors, the vendor's own key next to them is not */
    const char *strs[] = { "PolarSSL 1.2.8", ca.cert, srv.cert, srv.key, ED_PKCS8 };
    size_t len;
    char *bin = fake_elf(strs, 5, &len);
    tu_add_bytes(tree, ns, "/usr/sbin/httpd", bin, len);
    free(bin);
    /* the same test key in a binary that is no crypto library */
    const char *strs2[] = { "cloud agent 2.1", srv.key };
    bin = fake_elf(strs2, 2, &len);
    tu_add_bytes(tree, ns, "/usr/bin/cloudd", bin, len);
    free(bin);
    /* a text file named like the library is no library */
    tu_add_file(tree, ns, "/etc/libssl.conf.pem", EC_SEC1);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 3);
    const char *paths[3];
    for (size_t i = 0; i < 3; i++)
        paths[i] = tu_get(report, R_KEY, i)->path;
    int httpd = 0, cloudd = 0, conf = 0;
    for (size_t i = 0; i < 3; i++) {
        httpd += strcmp(paths[i], "/usr/sbin/httpd") == 0;
        cloudd += strcmp(paths[i], "/usr/bin/cloudd") == 0;
        conf += strcmp(paths[i], "/etc/libssl.conf.pem") == 0;
    }
    ck_assert_int_eq(httpd + cloudd + conf, 3);
    ck_assert_int_eq(httpd, 1);
    for (size_t i = 0; i < 3; i++)
        if (strcmp(paths[i], "/usr/sbin/httpd") == 0)
            ck_assert_str_eq(tu_detail(tu_get(report, R_KEY, i), "public_key_sha256"),
                             ED_SPKI_SHA256);
    ck_assert_str_eq(key_cell("/usr/sbin/httpd", 0, "role"), ROLE_LIB);
    ck_assert_str_eq(key_cell("/usr/sbin/httpd", 2, "role"), ROLE_LIB);
    ck_assert_str_eq(key_cell("/usr/sbin/httpd", 3, "role"), "-");
    made_free(&ca);
    made_free(&srv);
}
END_TEST

START_TEST(test_documentation_keys)
{
    tu_add_file(tree, ns, "/usr/share/doc/openvpn/examples/sample-keys/server.key", RSA_PKCS8);
    tu_add_file(tree, ns, "/usr/share/doc/openvpn/examples/README",
                "key /usr/share/doc/openvpn/examples/sample-keys/server.key\n");
    tu_add_file(tree, ns, "/usr/lib/python2.7/test/keycert.pem", EC_SEC1);
    tu_add_file(tree, ns, "/etc/mosquitto/certs/example.key", ED_PKCS8);
    run();
    ck_assert_uint_eq(all_findings(), 0);
    ck_assert_uint_eq(tu_count(report, R_TLS_KEY), 0);
    ck_assert_str_eq(key_cell("/usr/share/doc/openvpn/examples/sample-keys/server.key", 0, "role"),
                     ROLE_DOC);
    ck_assert_str_eq(key_cell("/usr/lib/python2.7/test/keycert.pem", 0, "role"), ROLE_DOC);
    ck_assert_str_eq(key_cell("/etc/mosquitto/certs/example.key", 0, "role"), ROLE_DOC);
}
END_TEST

START_TEST(test_documentation_key_the_device_uses)
{
    /* an init script starts the VPN with the example key: it is the
     * device's key now */
    tu_add_file(tree, ns, "/usr/share/doc/openvpn/examples/sample-keys/server.key", RSA_PKCS8);
    tu_add_file(tree, ns, "/etc/init.d/vpn",
                "#!/bin/sh\nstart() {\n\topenvpn --key /usr/share/doc/openvpn/examples/sample-keys/server.key\n}\n");
    /* a TLS server configured with an example key */
    tu_add_file(tree, ns, "/etc/mosquitto/mosquitto.conf", "listener 8883\nkeyfile /etc/mosquitto/example.key\n");
    tu_add_file(tree, ns, "/etc/mosquitto/example.key", ED_PKCS8);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 1);
    const fw_finding *f = tu_get(report, R_KEY, 0);
    ck_assert_str_eq(f->path, "/usr/share/doc/openvpn/examples/sample-keys/server.key");
    ck_assert_str_eq(tu_detail(f, "used_by"), "/etc/init.d/vpn:3");
    ck_assert_uint_eq(tu_count(report, R_TLS_KEY), 1);
    ck_assert_str_eq(tu_get(report, R_TLS_KEY, 0)->path, "/etc/mosquitto/example.key");
    ck_assert_str_eq(key_cell("/etc/mosquitto/example.key", 0, "role"), "-");
}
END_TEST

/* ---- host keys made at first boot ---------------------------------------- */

/* OpenWrt's /etc/init.d/dropbear keygen() (14.07) */
static const char OPENWRT_DROPBEAR_INIT[] =
    "#!/bin/sh /etc/rc.common\n"
    "START=50\n"
    "keygen()\n"
    "{\n"
    "\tfor keytype in rsa dss; do\n"
    "\t\t# check for keys\n"
    "\t\tkey=dropbear/dropbear_${keytype}_host_key\n"
    "\t\t[ -f /tmp/$key -o -s /etc/$key ] || {\n"
    "\t\t\tmkdir -p /tmp/dropbear\n"
    "\t\t\t[ -x /usr/bin/dropbearkey ] && {\n"
    "\t\t\t\t/usr/bin/dropbearkey -t $keytype -f /tmp/$key 2>&- >&- && exec /etc/rc.common \"$initscript\" start\n"
    "\t\t\t} &\n"
    "\t\texit 0\n"
    "\t\t}\n"
    "\tdone\n"
    "}\n";

START_TEST(test_first_boot_host_key_in_data_partition)
{
    /* a flash dump: the squashfs root with the keygen, the jffs2 overlay
     * partition holding the key the unit made */
    fw_ns *rootfs = fw_tree_add_ns(tree, "flash.bin@0x160000 (squashfs)", 1);
    fw_ns *overlay = fw_tree_add_ns(tree, "flash.bin@0x7c0000 (jffs2)", 1);
    tu_add_file(tree, rootfs, "/etc/init.d/dropbear", OPENWRT_DROPBEAR_INIT);
    tu_add_bytes(tree, overlay, "/etc/dropbear/dropbear_ed25519_host_key", DROPBEAR_ED,
                 sizeof DROPBEAR_ED - 1);
    /* an OpenWrt overlay copied as a directory: /overlay/upper */
    tu_add_file(tree, ns, "/overlay/upper/etc/ssh/ssh_host_ed25519_key", SSH_ED);
    tu_add_file(tree, ns, "/etc/init.d/sshd", "#!/bin/sh\nstart() {\n\tssh-keygen -A\n\t/usr/sbin/sshd\n}\n");
    run();
    ck_assert_uint_eq(tu_count(report, R_HOST_KEY), 0);
    ck_assert_uint_eq(tu_count(report, R_KEY), 0);
    ck_assert_uint_eq(tu_count(report, R_SHARED), 0);
    ck_assert_str_eq(key_cell("flash.bin@0x7c0000 (jffs2) > /etc/dropbear/dropbear_ed25519_host_key",
                              0, "role"), ROLE_FIRSTBOOT);
    ck_assert_str_eq(key_cell("/overlay/upper/etc/ssh/ssh_host_ed25519_key", 0, "role"),
                     ROLE_FIRSTBOOT);
}
END_TEST

START_TEST(test_first_boot_host_key_near_misses)
{
    /* shipped in the read-only root: the keygen never runs for it */
    fw_ns *rootfs = fw_tree_add_ns(tree, "flash.bin@0x160000 (squashfs)", 1);
    tu_add_file(tree, rootfs, "/etc/init.d/dropbear", OPENWRT_DROPBEAR_INIT);
    tu_add_bytes(tree, rootfs, "/etc/dropbear/dropbear_ed25519_host_key", DROPBEAR_ED,
                 sizeof DROPBEAR_ED - 1);
    /* in a data partition, but nothing makes OpenSSH keys (a commented
     * ssh-keygen is no keygen) */
    fw_ns *overlay = fw_tree_add_ns(tree, "flash.bin@0x7c0000 (jffs2)", 1);
    tu_add_file(tree, overlay, "/etc/ssh/ssh_host_ed25519_key", SSH_ED);
    tu_add_file(tree, rootfs, "/etc/init.d/sshd", "#!/bin/sh\n# ssh-keygen -A\n/usr/sbin/sshd\n");
    run();
    ck_assert_uint_eq(tu_count(report, R_HOST_KEY), 2);
    ck_assert_uint_eq(tu_count(report, R_KEY), 0);
}
END_TEST

/* ---- one key, one finding ------------------------------------------------- */

START_TEST(test_one_finding_per_key)
{
    tu_add_file(tree, ns, "/etc/ssl/private/device.key", ED_PKCS8);
    tu_add_file(tree, ns, "/etc/pki/ca.crt", CA_CRT);
    tu_add_file(tree, ns, "/etc/pki/ca.key", CA_KEY);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 0);
    ck_assert_uint_eq(tu_count(report, R_TLS_KEY), 1);
    const fw_finding *t = tu_get(report, R_TLS_KEY, 0);
    ck_assert_str_eq(t->path, "/etc/ssl/private/device.key");
    ck_assert_str_eq(tu_detail(t, "also_matches"), "private-key-unencrypted");
    ck_assert(tu_names_req(t, "MO.13") && tu_names_req(t, "MO.2"));
    ck_assert_uint_eq(tu_count(report, R_CA_KEY), 1);
    const fw_finding *c = tu_get(report, R_CA_KEY, 0);
    ck_assert_str_eq(c->path, "/etc/pki/ca.key");
    ck_assert_str_eq(tu_detail(c, "also_matches"), "private-key-unencrypted");
    ck_assert_str_eq(c->excerpt, "-----BEGIN PRIVATE KEY-----");
}
END_TEST

START_TEST(test_one_finding_falls_back_when_rule_dropped)
{
    /* a rule set without ssh-host-private-key: the key is still reported */
    fw_ruleset_free(&rs);
    rs = tu_ruleset_from(
        "rule private-key-unencrypted\n  requires MO.13\n  severity high\n  title t\n  fix f\n"
        "  analyzer keys check=unencrypted-private-key\n"
        "  must-match at /k \"x\"\n  must-not-match at /k \"y\"\nend\n");
    tu_add_file(tree, ns, "/etc/ssh/ssh_host_ed25519_key", SSH_ED);
    run();
    ck_assert_uint_eq(tu_count(report, R_KEY), 1);
    ck_assert_ptr_null(tu_detail(tu_get(report, R_KEY, 0), "also_matches"));
}
END_TEST

static Suite *keys_suite(void)
{
    Suite *s = suite_create("keys");
    TCase *tc = tcase_create("private-keys");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_rsa_pem_in_text_file);
    tcase_add_test(tc, test_pkcs8_same_hash_as_pkcs1);
    tcase_add_test(tc, test_key_embedded_in_binary);
    tcase_add_test(tc, test_crlf_key_in_binary);
    tcase_add_test(tc, test_ec_key);
    tcase_add_test(tc, test_encrypted_keys_not_findings);
    tcase_add_test(tc, test_public_keys_not_findings);
    tcase_add_test(tc, test_openssh_unencrypted);
    tcase_add_test(tc, test_openssh_with_passphrase);
    tcase_add_test(tc, test_openssh_damaged);
    tcase_add_test(tc, test_openssh_odd_public_blobs);
    tcase_add_test(tc, test_same_key_two_files);
    tcase_add_test(tc, test_json_and_c_escaped_keys);
    tcase_add_test(tc, test_truncated_and_hostile_pem);
    tcase_add_test(tc, test_pem_block_limit);
    tcase_add_test(tc, test_der_files);
    suite_add_tcase(s, tc);

    tc = tcase_create("inventory-and-image");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_inventory_lists_every_key_and_cert);
    tcase_add_test(tc, test_inventory_present_when_empty);
    tcase_add_test(tc, test_inventory_keys_in_binaries_by_offset);
    tcase_add_test(tc, test_shared_key_across_files);
    tcase_add_test(tc, test_shared_key_near_misses);
    tcase_add_test(tc, test_openssh_and_pkcs8_forms_are_one_key);
    tcase_add_test(tc, test_ca_key_matches_ca_certificate);
    tcase_add_test(tc, test_ca_key_next_to_ca_certificate);
    tcase_add_test(tc, test_ca_key_of_self_signed_ca_that_issued);
    tcase_add_test(tc, test_self_signed_server_cert_key_is_not_ca_key);
    tcase_add_test(tc, test_ca_key_near_misses);
    tcase_add_test(tc, test_dropbear_host_key_by_hand);
    tcase_add_test(tc, test_dropbear_near_misses);
    tcase_add_test(tc, test_dropbear_keys_made_by_dropbearkey);
    tcase_add_test(tc, test_openssh_host_key);
    tcase_add_test(tc, test_tls_key_named_by_uhttpd);
    tcase_add_test(tc, test_tls_key_via_symlink_and_nginx);
    tcase_add_test(tc, test_tls_key_near_misses);
    tcase_add_test(tc, test_tls_key_in_ssl_private);
    suite_add_tcase(s, tc);

    tc = tcase_create("certificates");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_cert_expired);
    tcase_add_test(tc, test_cert_rsa1024);
    tcase_add_test(tc, test_cert_sha1);
    tcase_add_test(tc, test_cert_sha1_self_signed_root_exempt);
    tcase_add_test(tc, test_good_cert);
    tcase_add_test(tc, test_bundle_each_cert_judged);
    tcase_add_test(tc, test_unbound_checks_silent);
    suite_add_tcase(s, tc);

    tc = tcase_create("roles-and-stores");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_trust_store_ca_certificates_layout);
    tcase_add_test(tc, test_trust_store_ordering_stable);
    tcase_add_test(tc, test_trust_store_near_misses);
    tcase_add_test(tc, test_trust_store_named_by_config);
    tcase_add_test(tc, test_trust_store_config_near_miss);
    tcase_add_test(tc, test_library_test_keys_dvrf_layout);
    tcase_add_test(tc, test_library_test_keys_near_misses);
    tcase_add_test(tc, test_documentation_keys);
    tcase_add_test(tc, test_documentation_key_the_device_uses);
    tcase_add_test(tc, test_first_boot_host_key_in_data_partition);
    tcase_add_test(tc, test_first_boot_host_key_near_misses);
    tcase_add_test(tc, test_one_finding_per_key);
    tcase_add_test(tc, test_one_finding_falls_back_when_rule_dropped);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run_suite(keys_suite());
}
