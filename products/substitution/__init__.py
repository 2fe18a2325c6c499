"""The substitution engine: domestic candidates for foreign parts, each explained.

packages: package names and ordering-code suffixes; comparison: parameter by parameter;
scoring: level, score and package note; profiles: what is known of a foreign part;
candidates: the queries, for one part or a whole bill of materials.
"""
