"""Where deliveries may go. A receiver is an https address on the public internet; plain
http and loopback addresses are accepted only where settings allow them (development and
tests). Every address a name resolves to is checked when the subscription is made and again
at each delivery, and the delivery connects to the address that was checked, so a name that
later resolves to an internal address (DNS rebinding) reaches nothing inside."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_url(url):
    """(scheme, host, port, path) of an acceptable receiver address, or ValidationError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(_("Enter a valid address.")) from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError(_("Enter an https address."))
    if parts.username or parts.password:
        raise ValidationError(_("The address must not carry a user name or password."))
    if parts.fragment:
        raise ValidationError(_("The address must not carry a fragment (#…)."))
    if parts.scheme == "http" and not (settings.WEBHOOK_ALLOW_LOOPBACK
                                       and _is_loopback_name(parts.hostname)):
        raise ValidationError(_("Enter an https address."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path


def resolve(host, port):
    """The addresses `host` resolves to, each one allowed as a receiver."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise ValidationError(_("The host %(host)s cannot be resolved.") % {"host": host}) \
            from None
    addresses = sorted({info[4][0] for info in infos})
    refused = [address for address in addresses if not allowed(address)]
    if refused or not addresses:
        raise ValidationError(_("The host %(host)s is on a private or reserved network; "
                                "deliveries go only to public addresses.") % {"host": host})
    return addresses


# IPv6 ranges that carry an IPv4 address a gateway may forward to: the embedded address is
# what is reached, so it is the one checked.
_NAT64 = [ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48")]
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(ip):
    """The IPv4 address inside an IPv6 one (mapped, compatible, NAT64, 6to4, Teredo), or None."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # the client's address; the server's is public by definition
    if any(ip in network for network in _NAT64) or (
            ip in _IPV4_COMPATIBLE and int(ip) > 1):  # :: and ::1 are IPv6's own
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def allowed(address):
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    inner = embedded_ipv4(ip)
    if inner is not None:
        if ip.teredo is not None:
            return False  # a tunnel to an unknown host: never a receiver
        ip = inner
    if ip.is_loopback:
        return settings.WEBHOOK_ALLOW_LOOPBACK
    return ip.is_global and not ip.is_multicast


def _is_loopback_name(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
