//! The derives of `qiime2-plugin`: [`Arguments`] and [`Results`], which turn a struct into what
//! an action's body reads and writes. Use them through `qiime2_plugin::plugin`.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, parse_macro_input};

/// An action's inputs and parameters as the fields of a struct: `#[input]`, `#[param]`, or
/// `#[params]` for a group of parameters (another `Arguments` struct) shared between actions.
/// Each field's name is the name registered in the action's signature.
#[proc_macro_derive(Arguments, attributes(input, param, params))]
pub fn derive_arguments(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand_arguments(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// An action's outputs as the fields of a struct; each field's name is the name registered in
/// the action's signature.
#[proc_macro_derive(Results)]
pub fn derive_results(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand_results(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The role a field of an `Arguments` struct plays.
enum Role {
    Input,
    Param,
    Params,
}

fn named_fields(input: &DeriveInput) -> syn::Result<Vec<&syn::Field>> {
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new(
            input.generics.span(),
            "an action's arguments or results are a plain struct, without generic parameters",
        ));
    }
    match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => Ok(fields.named.iter().collect()),
            Fields::Unit => Ok(Vec::new()),
            Fields::Unnamed(fields) => Err(syn::Error::new(
                fields.span(),
                "the fields need names: each is named as in the action's signature",
            )),
        },
        _ => Err(syn::Error::new(
            input.ident.span(),
            "an action's arguments or results are a struct with named fields",
        )),
    }
}

fn role(field: &syn::Field) -> syn::Result<Role> {
    let mut roles = field.attrs.iter().filter_map(|attr| {
        let path = attr.path();
        if path.is_ident("input") {
            Some((attr, Role::Input))
        } else if path.is_ident("param") {
            Some((attr, Role::Param))
        } else if path.is_ident("params") {
            Some((attr, Role::Params))
        } else {
            None
        }
    });
    let Some((attr, role)) = roles.next() else {
        return Err(syn::Error::new(
            field.span(),
            "mark the field #[input], #[param] or #[params] (a group of parameters)",
        ));
    };
    attr.meta.require_path_only()?;
    if let Some((extra, _)) = roles.next() {
        return Err(syn::Error::new(
            extra.span(),
            "a field is one of #[input], #[param] or #[params]",
        ));
    }
    Ok(role)
}

fn expand_arguments(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let plugin = quote!(::qiime2_plugin::plugin);
    let mut describe = Vec::new();
    let mut read = Vec::new();
    for field in named_fields(input)? {
        let ident = field.ident.as_ref().expect("named field");
        let ty = &field.ty;
        let key = ident.to_string();
        let span = ty.span();
        match role(field)? {
            Role::Input => {
                describe.push(
                    quote_spanned!(span=> fields.push(<#ty as #plugin::InputArg>::field(#key));),
                );
                read.push(quote_spanned!(span=> #ident: <#ty as #plugin::InputArg>::read(context, #key)?,));
            }
            Role::Param => {
                describe.push(
                    quote_spanned!(span=> fields.push(<#ty as #plugin::ParamArg>::field(#key));),
                );
                read.push(quote_spanned!(span=> #ident: <#ty as #plugin::ParamArg>::read(context, #key)?,));
            }
            Role::Params => {
                describe.push(quote_spanned!(span=> <#ty as #plugin::Arguments>::fields(fields);));
                read.push(
                    quote_spanned!(span=> #ident: <#ty as #plugin::Arguments>::read(context)?,),
                );
            }
        }
    }
    Ok(quote! {
        impl #plugin::Arguments for #name {
            fn fields(fields: &mut ::std::vec::Vec<#plugin::Field>) {
                #(#describe)*
            }

            fn read(
                context: &#plugin::ActionContext<'_>,
            ) -> ::std::result::Result<Self, #plugin::ActionError> {
                ::std::result::Result::Ok(Self { #(#read)* })
            }
        }
    })
}

fn expand_results(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let plugin = quote!(::qiime2_plugin::plugin);
    let mut describe = Vec::new();
    let mut write = Vec::new();
    for field in named_fields(input)? {
        let ident = field.ident.as_ref().expect("named field");
        let ty = &field.ty;
        let key = ident.to_string();
        let span = ty.span();
        describe
            .push(quote_spanned!(span=> fields.push(<#ty as #plugin::OutputArg>::field(#key));));
        write.push(quote_spanned!(span=> #plugin::OutputArg::write(self.#ident, context, #key)?;));
    }
    Ok(quote! {
        impl #plugin::Results for #name {
            fn fields(fields: &mut ::std::vec::Vec<#plugin::Field>) {
                #(#describe)*
            }

            fn write(
                self,
                context: &mut #plugin::ActionContext<'_>,
            ) -> ::std::result::Result<(), #plugin::ActionError> {
                #(#write)*
                ::std::result::Result::Ok(())
            }
        }
    })
}
