from .accounts import User
from .numbering import RegistryCounter

__all__ = ["RegistryCounter", "User"]
