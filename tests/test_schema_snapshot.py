"""The committed SDL is the schema: any drift fails until `make schema` is run."""

from __future__ import annotations

from pathlib import Path

from graphql import GraphQLField, GraphQLInputObjectType, GraphQLObjectType, is_introspection_type

from schema.root import schema

SDL = Path(__file__).resolve().parents[1] / "schema" / "schema.graphql"


def test_committed_sdl_matches_the_code() -> None:
    # given
    committed = SDL.read_text(encoding="utf-8")
    # when
    current = schema.as_str() + "\n"
    # then
    assert committed == current, "schema/schema.graphql is stale: run `make schema`"


def test_every_type_field_and_argument_is_described() -> None:
    # given
    graphql_schema = schema._schema
    missing: list[str] = []
    # when
    for name, type_ in graphql_schema.type_map.items():
        if (
            name.startswith("__")
            or is_introspection_type(type_)
            or name
            in {
                "String",
                "Int",
                "Boolean",
                "ID",
                "Float",
                "Upload",
            }
        ):
            continue
        if not type_.description:
            missing.append(name)
        if isinstance(type_, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, field in type_.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                if isinstance(field, GraphQLField):
                    missing += [
                        f"{name}.{field_name}({arg})"
                        for arg, spec in field.args.items()
                        if not spec.description
                    ]
    # then
    assert missing == []
