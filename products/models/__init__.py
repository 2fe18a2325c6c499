from .categories import Category, ParameterTemplate
from .documents import Document
from .entries import ExclusionReason, Product, ProductStatus, StatusReason
from .foreign import ForeignPart
from .parts import ForeignAnalog, PartAlias
from .production import ProductionStage
from .values import ProductParameter

__all__ = [
    "Category",
    "Document",
    "ExclusionReason",
    "ForeignAnalog",
    "ForeignPart",
    "ParameterTemplate",
    "PartAlias",
    "Product",
    "ProductParameter",
    "ProductStatus",
    "ProductionStage",
    "StatusReason",
]
