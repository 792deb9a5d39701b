<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Vetorbase</source>
        <translation>Sobre o Vetorbase</translation>
    </message>
    <message>
        <source>A shared, crash-safe FAISS document vector base for a desktop window and many worker processes.</source>
        <translation>Uma base vetorial de documentos FAISS compartilhada e resistente a falhas, para uma janela de desktop e muitos processos de trabalho.</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>Componente</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versão</translation>
    </message>
    <message>
        <source>License</source>
        <translation>Licença</translation>
    </message>
    <message>
        <source>Bundled components and their licenses:</source>
        <translation>Componentes incluídos e suas licenças:</translation>
    </message>
</context>
<context>
    <name>BarList</name>
    <message>
        <source>No documents yet.</source>
        <translation>Nenhum documento ainda.</translation>
    </message>
</context>
<context>
    <name>BaseView</name>
    <message>
        <source>Opening…</source>
        <translation>Abrindo…</translation>
    </message>
    <message>
        <source>working…</source>
        <translation>trabalhando…</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Busca</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>Adicionar arquivos</translation>
    </message>
    <message>
        <source>Stats</source>
        <translation>Estatísticas</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Histórico</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>Duplicatas</translation>
    </message>
    <message>
        <source>Folders</source>
        <translation>Pastas</translation>
    </message>
    <message>
        <source>Lost the connection to the server (%1); reconnecting…</source>
        <translation>A conexão com o servidor caiu (%1); reconectando…</translation>
    </message>
    <message>
        <source>Connected to the server again.</source>
        <translation>Conectado ao servidor novamente.</translation>
    </message>
    <message>
        <source>not open</source>
        <translation>não aberta</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>Não foi possível abrir %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%Ln&lt;/b&gt; document(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; documento</numerusform>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; documentos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%Ln&lt;/b&gt; chunk(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; trecho</numerusform>
            <numerusform>&lt;b&gt;%Ln&lt;/b&gt; trechos</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 dimensions</source>
        <translation>%1 dimensões</translation>
    </message>
    <message>
        <source>updated %1</source>
        <translation>atualizada %1</translation>
    </message>
    <message>
        <source>Embedder: %1
Version: %2</source>
        <translation>Modelo de embeddings: %1
Versão: %2</translation>
    </message>
    <message>
        <source>No base is open; open or create one first.</source>
        <translation>Nenhuma base está aberta; abra ou crie uma primeiro.</translation>
    </message>
    <message>
        <source>Nothing was added.</source>
        <translation>Nada foi adicionado.</translation>
    </message>
    <message>
        <source>Ingestion cancelled: %1</source>
        <translation>Adição de arquivos cancelada: %1</translation>
    </message>
    <message>
        <source>Ingestion finished: %1</source>
        <translation>Adição de arquivos concluída: %1</translation>
    </message>
    <message>
        <source>Nothing was removed: those documents are no longer in the base.</source>
        <translation>Nada foi removido: esses documentos já não estão na base.</translation>
    </message>
    <message>
        <source>Moved %1 (%2) to the trash.</source>
        <translation>%1 (%2) movidos para a lixeira.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Desfazer</translation>
    </message>
    <message>
        <source>Select a search result first.</source>
        <translation>Selecione um resultado da busca primeiro.</translation>
    </message>
    <message>
        <source>That document is no longer in the base.</source>
        <translation>Esse documento não está mais na base.</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to a server</source>
        <translation>Conectar a um servidor</translation>
    </message>
    <message>
        <source>A base kept in a PostgreSQL database, shared by every computer that connects to it. The password is only kept in memory, or in the system keyring if you ask.</source>
        <translation>Uma base guardada num banco de dados PostgreSQL, compartilhada por todos os computadores que se conectam a ele. A senha fica só na memória, ou no chaveiro do sistema se você pedir.</translation>
    </message>
    <message>
        <source>the database&apos;s name</source>
        <translation>o nome do banco de dados</translation>
    </message>
    <message>
        <source>your user name on the computer, if empty</source>
        <translation>seu nome de usuário no computador, se vazio</translation>
    </message>
    <message>
        <source>prefer: encrypt if the server offers it</source>
        <translation>prefer: criptografar se o servidor oferecer</translation>
    </message>
    <message>
        <source>disable: never encrypt</source>
        <translation>disable: nunca criptografar</translation>
    </message>
    <message>
        <source>allow: encrypt only if the server demands it</source>
        <translation>allow: criptografar só se o servidor exigir</translation>
    </message>
    <message>
        <source>require: always encrypt</source>
        <translation>require: sempre criptografar</translation>
    </message>
    <message>
        <source>verify-ca: encrypt and check the certificate</source>
        <translation>verify-ca: criptografar e verificar o certificado</translation>
    </message>
    <message>
        <source>verify-full: encrypt, check the certificate and the host name</source>
        <translation>verify-full: criptografar, verificar o certificado e o nome do servidor</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Servidor (host)</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Porta</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Banco de dados</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuário</translation>
    </message>
    <message>
        <source>SSL mode</source>
        <translation>Modo SSL</translation>
    </message>
    <message>
        <source>Any libpq URL. A password written in it is moved to the password field and never stored.</source>
        <translation>Qualquer URL da libpq. Uma senha escrita nela é movida para o campo de senha e nunca é guardada.</translation>
    </message>
    <message>
        <source>Server details</source>
        <translation>Dados do servidor</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>Endereço (URL)</translation>
    </message>
    <message>
        <source>Several bases can share one database; each has a name.</source>
        <translation>Várias bases podem compartilhar um banco de dados; cada uma tem um nome.</translation>
    </message>
    <message>
        <source>empty: use ~/.pgpass or PGPASSWORD</source>
        <translation>vazio: usar ~/.pgpass ou PGPASSWORD</translation>
    </message>
    <message>
        <source>Remember the password in the system keyring</source>
        <translation>Lembrar a senha no chaveiro do sistema</translation>
    </message>
    <message>
        <source>Create the base if it does not exist yet</source>
        <translation>Criar a base se ela ainda não existir</translation>
    </message>
    <message>
        <source>Base name</source>
        <translation>Nome da base</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Senha</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Conectar</translation>
    </message>
    <message>
        <source>A server URL starts with postgresql:// (for example postgresql://user@host:5432/database).</source>
        <translation>Uma URL de servidor começa com postgresql:// (por exemplo postgresql://usuario@servidor:5432/banco).</translation>
    </message>
    <message>
        <source>Type the server&apos;s host name or address.</source>
        <translation>Digite o nome ou o endereço do servidor.</translation>
    </message>
    <message>
        <source>Type the name of the database on the server.</source>
        <translation>Digite o nome do banco de dados no servidor.</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Conectando a %1…</translation>
    </message>
    <message>
        <source>The server asks for a password for %1. Type it and press Connect.</source>
        <translation>O servidor pede uma senha para %1. Digite-a e clique em Conectar.</translation>
    </message>
    <message>
        <source>The server refused this user or password for %1. Check them and try again.</source>
        <translation>O servidor recusou este usuário ou esta senha para %1. Confira-os e tente de novo.</translation>
    </message>
    <message>
        <source>The server of %1 cannot be reached now. Check that it runs and that this computer may reach it, then press Connect to try again.</source>
        <translation>O servidor de %1 não pode ser alcançado agora. Confira se ele está funcionando e se este computador pode alcançá-lo, depois clique em Conectar para tentar de novo.</translation>
    </message>
    <message>
        <source>The database has no base named %1. Check the name, or tick &quot;Create the base…&quot; to create it.</source>
        <translation>O banco de dados não tem nenhuma base chamada %1. Confira o nome, ou marque &quot;Criar a base…&quot; para criá-la.</translation>
    </message>
    <message>
        <source>Connected.</source>
        <translation>Conectado.</translation>
    </message>
    <message>
        <source>Cancelled. Change the details or press Connect to try again.</source>
        <translation>Cancelado. Altere os dados ou clique em Conectar para tentar de novo.</translation>
    </message>
</context>
<context>
    <name>DigestWords</name>
    <message>
        <source>Vetorbase window</source>
        <extracomment>The window writes as &quot;vetorbase-window@host&quot;; the CLI as &quot;vetorbase@host&quot; (clihelp.cli_origin).</extracomment>
        <translation>janela do Vetorbase</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>linha de comando</translation>
    </message>
    <message>
        <source>worker (%1)</source>
        <translation>processo em segundo plano (%1)</translation>
    </message>
    <message>
        <source>Another Vetorbase window</source>
        <translation>Outra janela do Vetorbase</translation>
    </message>
    <message>
        <source>The command line</source>
        <translation>A linha de comando</translation>
    </message>
    <message>
        <source>A worker (%1)</source>
        <translation>Um worker (%1)</translation>
    </message>
    <message>
        <source>The program %1</source>
        <translation>O programa %1</translation>
    </message>
    <message>
        <source>added %1</source>
        <translation>adicionou %1</translation>
    </message>
    <message numerus="yes">
        <source>added %Ln document(s)</source>
        <translation>
            <numerusform>adicionou %Ln documento</numerusform>
            <numerusform>adicionou %Ln documentos</numerusform>
        </translation>
    </message>
    <message>
        <source>replaced %1 with a new version</source>
        <translation>substituiu %1 por uma nova versão</translation>
    </message>
    <message numerus="yes">
        <source>replaced %Ln document(s) with new versions</source>
        <translation>
            <numerusform>substituiu %Ln documento por uma nova versão</numerusform>
            <numerusform>substituiu %Ln documentos por novas versões</numerusform>
        </translation>
    </message>
    <message>
        <source>removed %1</source>
        <translation>removeu %1</translation>
    </message>
    <message numerus="yes">
        <source>removed %Ln document(s)</source>
        <translation>
            <numerusform>removeu %Ln documento</numerusform>
            <numerusform>removeu %Ln documentos</numerusform>
        </translation>
    </message>
    <message>
        <source>restored %1 from the trash</source>
        <translation>restaurou %1 da lixeira</translation>
    </message>
    <message numerus="yes">
        <source>restored %Ln document(s) from the trash</source>
        <translation>
            <numerusform>restaurou %Ln documento da lixeira</numerusform>
            <numerusform>restaurou %Ln documentos da lixeira</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>deleted %Ln document(s) from the trash for good</source>
        <translation>
            <numerusform>excluiu %Ln documento da lixeira definitivamente</numerusform>
            <numerusform>excluiu %Ln documentos da lixeira definitivamente</numerusform>
        </translation>
    </message>
    <message>
        <source>moved %1 to %2</source>
        <translation>moveu %1 para %2</translation>
    </message>
    <message numerus="yes">
        <source>moved %Ln document(s)</source>
        <translation>
            <numerusform>moveu %Ln documento</numerusform>
            <numerusform>moveu %Ln documentos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>added %Ln chunk(s) to existing documents</source>
        <translation>
            <numerusform>adicionou %Ln trecho a documentos existentes</numerusform>
            <numerusform>adicionou %Ln trechos a documentos existentes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>removed %Ln chunk(s) from documents that remain</source>
        <translation>
            <numerusform>removeu %Ln trecho de documentos que continuam na base</numerusform>
            <numerusform>removeu %Ln trechos de documentos que continuam na base</numerusform>
        </translation>
    </message>
    <message>
        <source>re-embedded the base with %1; searches now use it</source>
        <translation>gerou de novo os embeddings da base com %1; as buscas agora o usam</translation>
    </message>
    <message>
        <source>The base was changed by another program.</source>
        <translation>A base foi alterada por outro programa.</translation>
    </message>
</context>
<context>
    <name>DocumentModel</name>
    <message>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Origem</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>Trechos</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamanho</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Páginas</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Adicionado em</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>%1 chars</source>
        <translation>%1 caract.</translation>
    </message>
</context>
<context>
    <name>DocumentPane</name>
    <message>
        <source>Filter by name or path…</source>
        <translation>Filtrar por nome ou caminho…</translation>
    </message>
    <message>
        <source>Select a document to see its chunks and metadata.</source>
        <translation>Selecione um documento para ver seus trechos e metadados.</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>Abrir arquivo</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>Copiar caminho</translation>
    </message>
    <message>
        <source>Copy paths</source>
        <translation>Copiar caminhos</translation>
    </message>
    <message>
        <source>Remove %1…</source>
        <translation>Remover %1…</translation>
    </message>
    <message>
        <source>added %1 by %2</source>
        <translation>adicionado em %1 por %2</translation>
    </message>
    <message>
        <source>Chunk %1 · page %2</source>
        <translation>Trecho %1 · página %2</translation>
    </message>
    <message>
        <source>Chunk %1</source>
        <translation>Trecho %1</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… e mais %1</translation>
    </message>
</context>
<context>
    <name>DocumentViewer</name>
    <message>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <source>◀ Previous chunk</source>
        <translation>◀ Trecho anterior</translation>
    </message>
    <message>
        <source>Next chunk ▶</source>
        <translation>Próximo trecho ▶</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>Abrir arquivo</translation>
    </message>
    <message>
        <source>Show in list</source>
        <translation>Mostrar na lista</translation>
    </message>
    <message>
        <source>Edit metadata…</source>
        <translation>Editar metadados…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>This document is no longer in the base.</source>
        <translation>Este documento não está mais na base.</translation>
    </message>
    <message>
        <source>Document — %1</source>
        <translation>Documento — %1</translation>
    </message>
    <message>
        <source>Could not load the document: %1</source>
        <translation>Não foi possível carregar o documento: %1</translation>
    </message>
    <message>
        <source>Added %1 by %2</source>
        <translation>Adicionado em %1 por %2</translation>
    </message>
    <message>
        <source>Chunk %1 of %2</source>
        <translation>Trecho %1 de %2</translation>
    </message>
    <message>
        <source>page %1</source>
        <translation>página %1</translation>
    </message>
    <message>
        <source>The metadata was not changed: %1</source>
        <translation>Os metadados não foram alterados: %1</translation>
    </message>
</context>
<context>
    <name>DuplicatesView</name>
    <message>
        <source>Near copies from cosine </source>
        <extracomment>Asks a person to confirm (text) -&gt; yes; tests answer it themselves.</extracomment>
        <translation>Cópias próximas a partir do cosseno </translation>
    </message>
    <message>
        <source>Two chunks count as copies from this similarity on; two documents are near copies when most chunks of each have a copy in the other</source>
        <translation>Dois trechos contam como cópias a partir desta similaridade; dois documentos são cópias próximas quando a maioria dos trechos de cada um tem uma cópia no outro</translation>
    </message>
    <message>
        <source>Find duplicates</source>
        <translation>Procurar duplicatas</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Find documents that copy each other: the same file under another name, or the same text with a few words changed.</source>
        <translation>Encontre documentos que se copiam: o mesmo arquivo com outro nome, ou o mesmo texto com algumas palavras trocadas.</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>Trechos</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Adicionado em</translation>
    </message>
    <message>
        <source>Keep this one, move the others to the trash</source>
        <translation>Manter este, mover os outros para a lixeira</translation>
    </message>
    <message>
        <source>Looking for duplicates…</source>
        <translation>Procurando duplicatas…</translation>
    </message>
    <message>
        <source>Stopped; nothing was changed.</source>
        <translation>Interrompido; nada foi alterado.</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Interrompendo…</translation>
    </message>
    <message>
        <source>Exact copies: %1, same content</source>
        <translation>Cópias exatas: %1, mesmo conteúdo</translation>
    </message>
    <message>
        <source>Near copies: %1, similarity %2, %3 of the chunks match</source>
        <translation>Cópias próximas: %1, similaridade %2, %3 dos trechos coincidem</translation>
    </message>
    <message>
        <source>The base has changed since: find duplicates again to be sure.</source>
        <translation>A base mudou desde então: procure as duplicatas de novo para ter certeza.</translation>
    </message>
    <message>
        <source>%1 (%2) compared.</source>
        <translation>%1 (%2) comparados.</translation>
    </message>
    <message>
        <source>No duplicates found.</source>
        <translation>Nenhuma duplicata encontrada.</translation>
    </message>
    <message>
        <source>%1 of duplicates: keeping one of each, %2 could go.</source>
        <translation>%1 de duplicatas: mantendo um de cada, %2 poderiam sair.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln group(s)</source>
        <translation>
            <numerusform>%Ln grupo</numerusform>
            <numerusform>%Ln grupos</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep %1 and move %2 (%3) to the trash?</source>
        <translation>Manter %1 e mover %2 (%3) para a lixeira?</translation>
    </message>
    <message>
        <source>The document to keep is no longer in the base, so its copies were left alone; find duplicates again.</source>
        <translation>O documento a manter não está mais na base, então as cópias dele foram deixadas como estão; procure as duplicatas de novo.</translation>
    </message>
    <message>
        <source>Keep one, move the others to the trash</source>
        <translation>Manter um, mover os outros para a lixeira</translation>
    </message>
</context>
<context>
    <name>EmptyHint</name>
    <message>
        <source>Drop files here to add them</source>
        <translation>Solte arquivos aqui para adicioná-los</translation>
    </message>
    <message>
        <source>PDF, Word, HTML, Markdown and text files, or whole folders.</source>
        <translation>Arquivos PDF, Word, HTML, Markdown e de texto, ou pastas inteiras.</translation>
    </message>
    <message>
        <source>Or use &lt;b&gt;File › Add files…&lt;/b&gt; (Ctrl+I).</source>
        <translation>Ou use &lt;b&gt;Arquivo › Adicionar arquivos…&lt;/b&gt; (Ctrl+I).</translation>
    </message>
</context>
<context>
    <name>EvalPane</name>
    <message>
        <source>One query per line, as JSON, e.g.</source>
        <translation>Uma consulta por linha, em JSON, ex.:</translation>
    </message>
    <message>
        <source>Load…</source>
        <translation>Abrir…</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Salvar…</translation>
    </message>
    <message>
        <source>All modes</source>
        <translation>Todos os modos</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Sentido</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>Palavras</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>Ambos</translation>
    </message>
    <message>
        <source>Results per query: recall counts the right documents among them</source>
        <translation>Resultados por consulta: a revocação conta os documentos certos entre eles</translation>
    </message>
    <message>
        <source>Metadata filter (optional), e.g. lang=pt</source>
        <translation>Filtro de metadados (opcional), ex.: lang=pt</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Executar</translation>
    </message>
    <message>
        <source>Load or write a query set, then Run.</source>
        <translation>Abra ou escreva um conjunto de consultas e clique em Executar.</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modo</translation>
    </message>
    <message>
        <source>Recall@k</source>
        <translation>Revocação@k</translation>
    </message>
    <message>
        <source>MRR</source>
        <translation>MRR</translation>
    </message>
    <message>
        <source>nDCG@10</source>
        <translation>nDCG@10</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Perdidas</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Consulta</translation>
    </message>
    <message>
        <source>Relevant</source>
        <translation>Relevantes</translation>
    </message>
    <message>
        <source>Open a query set</source>
        <translation>Abrir um conjunto de consultas</translation>
    </message>
    <message>
        <source>Query sets (*.jsonl *.json);;All files (*)</source>
        <translation>Conjuntos de consultas (*.jsonl *.json);;Todos os arquivos (*)</translation>
    </message>
    <message>
        <source>Cannot read {0}: {1}</source>
        <translation>Não foi possível ler {0}: {1}</translation>
    </message>
    <message>
        <source>Loaded {0}.</source>
        <translation>{0} carregado.</translation>
    </message>
    <message>
        <source>Save the query set</source>
        <translation>Salvar o conjunto de consultas</translation>
    </message>
    <message>
        <source>Query sets (*.jsonl)</source>
        <translation>Conjuntos de consultas (*.jsonl)</translation>
    </message>
    <message>
        <source>Cannot save {0}: {1}</source>
        <translation>Não foi possível salvar {0}: {1}</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Executando…</translation>
    </message>
    <message>
        <source>{0} queries run.</source>
        <translation>{0} consultas executadas.</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nada</translation>
    </message>
    <message>
        <source>miss</source>
        <translation>não achou</translation>
    </message>
    <message>
        <source>Came back: {0}</source>
        <translation>Voltaram: {0}</translation>
    </message>
</context>
<context>
    <name>FileOpener</name>
    <message>
        <source>Show folder</source>
        <translation>Mostrar pasta</translation>
    </message>
    <message>
        <source>Locate…</source>
        <translation>Localizar…</translation>
    </message>
    <message>
        <source>%1 is not there any more (moved, renamed or deleted).</source>
        <translation>%1 não está mais lá (foi movido, renomeado ou apagado).</translation>
    </message>
    <message>
        <source>No program on this computer opens %1.</source>
        <translation>Nenhum programa deste computador abre %1.</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Mostrar na pasta</translation>
    </message>
    <message>
        <source>Could not open the folder of %1.</source>
        <translation>Não foi possível abrir a pasta de %1.</translation>
    </message>
    <message>
        <source>Where is %1 now?</source>
        <translation>Onde está %1 agora?</translation>
    </message>
    <message>
        <source>%1 now points to %2 (nothing was embedded again).</source>
        <translation>%1 agora aponta para %2 (nada precisou ser recalculado).</translation>
    </message>
</context>
<context>
    <name>FilterCompletion</name>
    <message>
        <source>this base has no metadata key “%1”; its keys are: %2</source>
        <translation>esta base não tem a chave de metadados “%1”; as chaves dela são: %2</translation>
    </message>
</context>
<context>
    <name>FoldersPane</name>
    <message>
        <source>Watch folder…</source>
        <translation>Acompanhar pasta…</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar agora</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausada</translation>
    </message>
    <message>
        <source>A paused folder is not synced by any program until it is resumed</source>
        <translation>Uma pasta pausada não é sincronizada por nenhum programa até ser retomada</translation>
    </message>
    <message>
        <source>Stop following</source>
        <translation>Deixar de acompanhar</translation>
    </message>
    <message>
        <source>Its documents stay in the base</source>
        <translation>Os documentos dela continuam na base</translation>
    </message>
    <message>
        <source>Cancel sync</source>
        <translation>Cancelar sincronização</translation>
    </message>
    <message>
        <source>Folders followed by this base: new files are added, changed ones replaced, moved ones renamed, deleted ones removed.</source>
        <translation>Pastas acompanhadas por esta base: arquivos novos são adicionados, os alterados substituídos, os movidos renomeados e os apagados removidos.</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Pasta</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>Última sincronização</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Adicionados</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>Substituídos</translation>
    </message>
    <message>
        <source>Moved</source>
        <translation>Movidos</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Removidos</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>Inalterados</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Com falha</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Observações</translation>
    </message>
    <message>
        <source>%1 (on %2)</source>
        <translation>%1 (em %2)</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>pausada</translation>
    </message>
    <message>
        <source>syncing</source>
        <translation>sincronizando</translation>
    </message>
    <message>
        <source>synced by %1</source>
        <translation>sincronizada por %1</translation>
    </message>
    <message>
        <source>following</source>
        <translation>acompanhando</translation>
    </message>
    <message>
        <source>followed elsewhere</source>
        <translation>acompanhada em outro lugar</translation>
    </message>
    <message>
        <source>nothing more</source>
        <translation>nada além disso</translation>
    </message>
    <message>
        <source>hidden files are taken</source>
        <translation>arquivos ocultos são incluídos</translation>
    </message>
    <message>
        <source>hidden files are left out</source>
        <translation>arquivos ocultos ficam de fora</translation>
    </message>
    <message>
        <source>Also left out: %1; %2</source>
        <translation>Também ficam de fora: %1; %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) failed; first: %1</source>
        <translation>
            <numerusform>%Ln arquivo falhou; o primeiro: %1</numerusform>
            <numerusform>%Ln arquivos falharam; o primeiro: %1</numerusform>
        </translation>
    </message>
    <message>
        <source>the last sync was cancelled</source>
        <translation>a última sincronização foi cancelada</translation>
    </message>
    <message>
        <source>Watch a folder: its files are added and kept in sync</source>
        <translation>Acompanhar uma pasta: os arquivos dela são adicionados e mantidos em sincronia</translation>
    </message>
    <message>
        <source>%1 is being synced by another program.</source>
        <translation>%1 está sendo sincronizada por outro programa.</translation>
    </message>
    <message>
        <source>%1 is paused.</source>
        <translation>%1 está pausada.</translation>
    </message>
    <message>
        <source>This base is open read-only: its folders are shown, not synced.</source>
        <translation>Esta base está aberta somente para leitura: as pastas dela aparecem, mas não são sincronizadas.</translation>
    </message>
    <message>
        <source>%1 synced: %2 added, %3 replaced, %4 moved, %5 removed, %6 failed.</source>
        <translation>%1 sincronizada: %2 adicionados, %3 substituídos, %4 movidos, %5 removidos, %6 com falha.</translation>
    </message>
    <message>
        <source>Syncing %1: file %2 of %3</source>
        <translation>Sincronizando %1: arquivo %2 de %3</translation>
    </message>
</context>
<context>
    <name>GrowthChart</name>
    <message>
        <source>The chart fills in as documents are added.</source>
        <translation>O gráfico é preenchido à medida que documentos são adicionados.</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quem</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Programa</translation>
    </message>
    <message>
        <source>What changed</source>
        <translation>O que mudou</translation>
    </message>
    <message>
        <source>Change #%1</source>
        <translation>Alteração nº %1</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Adicionado</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>Restaurado</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>Substituído</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Removido</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>e mais %1</translation>
    </message>
    <message>
        <source>Deleted from the trash for good: %1</source>
        <translation>Excluído da lixeira definitivamente: %1</translation>
    </message>
    <message>
        <source>Moved %1 to %2</source>
        <translation>Movido %1 para %2</translation>
    </message>
    <message>
        <source>Changed chunks</source>
        <translation>Trechos alterados</translation>
    </message>
    <message>
        <source>chunk</source>
        <translation>trecho</translation>
    </message>
    <message>
        <source>chunks</source>
        <translation>trechos</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Everyone</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>No changes yet.</source>
        <translation>Nenhuma alteração ainda.</translation>
    </message>
    <message>
        <source>Changes by:</source>
        <translation>Alterações de:</translation>
    </message>
    <message numerus="yes">
        <source>%Ln change(s) by this origin</source>
        <translation>
            <numerusform>%Ln alteração desta origem</numerusform>
            <numerusform>%Ln alterações desta origem</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln recent change(s)</source>
        <translation>
            <numerusform>%Ln alteração recente</numerusform>
            <numerusform>%Ln alterações recentes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IngestPane</name>
    <message>
        <source>File</source>
        <translation>Arquivo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Situação</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progresso</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>Trechos</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalhes</translation>
    </message>
    <message>
        <source>Drop files or folders anywhere on the window, or use File › Add files… (Ctrl+I).</source>
        <translation>Solte arquivos ou pastas em qualquer lugar da janela, ou use Arquivo › Adicionar arquivos… (Ctrl+I).</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancelar (Esc)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Limpar lista</translation>
    </message>
    <message>
        <source>Skip duplicates</source>
        <translation>Pular duplicatas</translation>
    </message>
    <message>
        <source>Do not add a file whose content the base already holds under another name (otherwise it is added and the copy is noted)</source>
        <translation>Não adicionar um arquivo cujo conteúdo a base já tem com outro nome (senão ele é adicionado e a cópia é indicada)</translation>
    </message>
    <message>
        <source>Nothing to add: the folders dropped hold no files.</source>
        <translation>Nada a adicionar: as pastas soltas não contêm arquivos.</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Começando…</translation>
    </message>
    <message>
        <source>Stopped: %v of %m files done</source>
        <translation>Interrompido: %v de %m arquivos concluídos</translation>
    </message>
    <message>
        <source>Cancelling… the file in progress is rolled back.</source>
        <translation>Cancelando… o arquivo em andamento é desfeito.</translation>
    </message>
    <message>
        <source>%v of %m files</source>
        <translation>%v de %m arquivos</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>na fila</translation>
    </message>
    <message>
        <source>working</source>
        <translation>processando</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>lendo</translation>
    </message>
    <message>
        <source>reading scans (OCR)</source>
        <translation>lendo digitalizações (OCR)</translation>
    </message>
    <message>
        <source>splitting</source>
        <translation>dividindo</translation>
    </message>
    <message>
        <source>embedding</source>
        <translation>gerando embeddings</translation>
    </message>
    <message>
        <source>storing</source>
        <translation>gravando</translation>
    </message>
    <message>
        <source>added</source>
        <translation>adicionado</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>substituído</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>ignorado</translation>
    </message>
    <message>
        <source>duplicate</source>
        <translation>duplicata</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>falhou</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message numerus="yes">
        <source>%Ln added</source>
        <translation>
            <numerusform>%Ln adicionado</numerusform>
            <numerusform>%Ln adicionados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln replaced</source>
        <translation>
            <numerusform>%Ln substituído</numerusform>
            <numerusform>%Ln substituídos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped (unchanged)</source>
        <translation>
            <numerusform>%Ln ignorado (sem mudanças)</numerusform>
            <numerusform>%Ln ignorados (sem mudanças)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped (duplicates)</source>
        <translation>
            <numerusform>%Ln ignorado (duplicata)</numerusform>
            <numerusform>%Ln ignorados (duplicatas)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln com falha</numerusform>
            <numerusform>%Ln com falha</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln not added (cancelled)</source>
        <translation>
            <numerusform>%Ln não adicionado (cancelado)</numerusform>
            <numerusform>%Ln não adicionados (cancelados)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LangChainImportDialog</name>
    <message>
        <source>Import a LangChain FAISS folder</source>
        <translation>Importar uma pasta FAISS do LangChain</translation>
    </message>
    <message>
        <source>%1 is a LangChain FAISS folder. It will be imported into a new base at %2. The pickle is read as plain data; no code in it runs.</source>
        <translation>%1 é uma pasta FAISS do LangChain. Ela será importada para uma nova base em %2. O pickle é lido como dados simples; nenhum código contido nele é executado.</translation>
    </message>
    <message>
        <source>Offline default (512 dimensions)</source>
        <translation>Padrão offline (512 dimensões)</translation>
    </message>
    <message>
        <source>Ollama: %1</source>
        <translation>Ollama: %1</translation>
    </message>
    <message>
        <source>The index holds %1-dimensional vectors; choose the embedder that made them (searches embed your questions with it).</source>
        <translation>O índice contém vetores de %1 dimensões; escolha o modelo de embeddings que os gerou (as buscas convertem suas perguntas com ele).</translation>
    </message>
    <message>
        <source>Choose the embedder that made the index (searches embed your questions with it).</source>
        <translation>Escolha o modelo de embeddings que gerou o índice (as buscas convertem suas perguntas com ele).</translation>
    </message>
    <message>
        <source>Embedder</source>
        <translation>Modelo de embeddings</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importar</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Ready</source>
        <translation>Pronto</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;Open base…</source>
        <translation>&amp;Abrir base…</translation>
    </message>
    <message>
        <source>&amp;New base…</source>
        <translation>&amp;Nova base…</translation>
    </message>
    <message>
        <source>Connect to &amp;server…</source>
        <translation>Conectar a um &amp;servidor…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>Abrir &amp;recente</translation>
    </message>
    <message>
        <source>&amp;Add files…</source>
        <translation>Adicionar ar&amp;quivos…</translation>
    </message>
    <message>
        <source>Add &amp;folder…</source>
        <translation>Adicionar &amp;pasta…</translation>
    </message>
    <message>
        <source>&amp;Watch folder…</source>
        <translation>A&amp;companhar pasta…</translation>
    </message>
    <message>
        <source>Import &amp;LangChain FAISS folder…</source>
        <translation>Importar pasta FAISS do &amp;LangChain…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Search</source>
        <translation>&amp;Buscar</translation>
    </message>
    <message>
        <source>&amp;Remove selected documents</source>
        <translation>&amp;Remover documentos selecionados</translation>
    </message>
    <message>
        <source>Remove by &amp;metadata…</source>
        <translation>Remover por &amp;metadados…</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>Confi&amp;gurações…</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Ferramentas</translation>
    </message>
    <message>
        <source>&amp;Check base…</source>
        <translation>&amp;Verificar base…</translation>
    </message>
    <message>
        <source>C&amp;ompact base…</source>
        <translation>C&amp;ompactar base…</translation>
    </message>
    <message>
        <source>&amp;Re-embed base…</source>
        <translation>&amp;Refazer embeddings da base…</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Histórico</translation>
    </message>
    <message>
        <source>&amp;Map of the base</source>
        <translation>&amp;Mapa da base</translation>
    </message>
    <message>
        <source>&amp;Trash</source>
        <translation>&amp;Lixeira</translation>
    </message>
    <message>
        <source>Search result in &amp;context</source>
        <translation>Resultado da busca no &amp;contexto</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About Vetorbase</source>
        <translation>&amp;Sobre o Vetorbase</translation>
    </message>
    <message>
        <source>Clear recent bases</source>
        <translation>Limpar bases recentes</translation>
    </message>
    <message>
        <source>Test retrieval</source>
        <translation>Testar recuperação</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>Lixeira</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>%1 aberta</translation>
    </message>
    <message>
        <source>%1 is no longer a Vetorbase base (moved or deleted); it was removed from Open recent. The current base stays open.</source>
        <translation>%1 não é mais uma base do Vetorbase (foi movida ou apagada) e saiu de Abrir recente. A base atual continua aberta.</translation>
    </message>
    <message>
        <source>Open a Vetorbase base or a LangChain FAISS folder</source>
        <translation>Abrir uma base do Vetorbase ou uma pasta FAISS do LangChain</translation>
    </message>
    <message>
        <source>%1 is not a Vetorbase base. Use File › New base… to create one there.</source>
        <translation>%1 não é uma base do Vetorbase. Use Arquivo › Nova base… para criar uma ali.</translation>
    </message>
    <message>
        <source>New base: choose a folder name</source>
        <translation>Nova base: escolha o nome da pasta</translation>
    </message>
    <message>
        <source>%1 is a file; choose a new folder name.</source>
        <translation>%1 é um arquivo; escolha um nome de pasta novo.</translation>
    </message>
    <message>
        <source>%1 already holds other files; choose a new or empty folder.</source>
        <translation>%1 já contém outros arquivos; escolha uma pasta nova ou vazia.</translation>
    </message>
    <message>
        <source>Choose a LangChain FAISS folder (index.faiss + index.pkl)</source>
        <translation>Escolha uma pasta FAISS do LangChain (index.faiss + index.pkl)</translation>
    </message>
    <message>
        <source>%1 holds no index.faiss + index.pkl.</source>
        <translation>%1 não contém index.faiss + index.pkl.</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importando %1…</translation>
    </message>
    <message>
        <source>Add files to the base</source>
        <translation>Adicionar arquivos à base</translation>
    </message>
    <message>
        <source>Add a folder to the base</source>
        <translation>Adicionar uma pasta à base</translation>
    </message>
    <message>
        <source>Cancelling the ingestion…</source>
        <translation>Cancelando a adição de arquivos…</translation>
    </message>
    <message>
        <source>%1 selected</source>
        <translation>Seleção: %1</translation>
    </message>
    <message>
        <source>Select documents in the list first.</source>
        <translation>Selecione documentos na lista primeiro.</translation>
    </message>
    <message>
        <source>Remove documents</source>
        <translation>Remover documentos</translation>
    </message>
    <message>
        <source>Move %1 (%2) to the trash?</source>
        <translation>Mover %1 (%2) para a lixeira?</translation>
    </message>
    <message>
        <source>No base is open.</source>
        <translation>Nenhuma base está aberta.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Configurações salvas.</translation>
    </message>
    <message>
        <source>Files are still being added</source>
        <translation>Ainda há arquivos sendo adicionados</translation>
    </message>
    <message>
        <source>%1 are still waiting to be added to the base.</source>
        <translation>Ainda na fila para entrar na base: %1.</translation>
    </message>
    <message>
        <source>If you quit now, the file in progress is rolled back and the rest stay queued: they are added when you open this base again.</source>
        <translation>Se você sair agora, o arquivo em andamento é desfeito e os demais continuam na fila: eles serão adicionados quando você abrir esta base de novo.</translation>
    </message>
    <message>
        <source>Quit and resume later</source>
        <translation>Sair e continuar depois</translation>
    </message>
    <message>
        <source>Keep adding</source>
        <translation>Continuar adicionando</translation>
    </message>
    <message>
        <source>Resuming the files left in the queue when Vetorbase last quit: %1.</source>
        <translation>Retomando os arquivos que ficaram na fila quando o Vetorbase foi fechado: %1.</translation>
    </message>
    <message>
        <source>Import failed: %1</source>
        <translation>A importação falhou: %1</translation>
    </message>
    <message>
        <source>Imported %1 in %2 from %3.</source>
        <translation>Importação concluída: %1 em %2, de %3.</translation>
    </message>
</context>
<context>
    <name>MaintenanceDialog</name>
    <message>
        <source>Compact base</source>
        <translation>Compactar base</translation>
    </message>
    <message>
        <source>Writing a snapshot, pruning the change log and returning free space to the disk. Other programs may keep using the base meanwhile.</source>
        <translation>Gravando um snapshot, podando o registro de alterações e devolvendo o espaço livre ao disco. Outros programas podem continuar usando a base enquanto isso.</translation>
    </message>
    <message>
        <source>Check base</source>
        <translation>Verificar base</translation>
    </message>
    <message>
        <source>Comparing the journal, this window&apos;s index and the snapshots. Nothing is changed.</source>
        <translation>Comparando o diário, o índice desta janela e os snapshots. Nada é alterado.</translation>
    </message>
    <message>
        <source>Waiting for the current task to finish…</source>
        <translation>Aguardando a tarefa atual terminar…</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>It cannot be stopped half-way; it goes on and reports when done.</source>
        <translation>Não pode ser interrompido no meio; continua e avisa quando terminar.</translation>
    </message>
    <message>
        <source>Working… %1 s</source>
        <translation>Trabalhando… %1 s</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Falhou: %1</translation>
    </message>
    <message>
        <source>Compacted in %1 s: %2, snapshot at change #%3, %4 on disk.</source>
        <translation>Compactada em %1 s: %2, snapshot na alteração nº %3, %4 em disco.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln log entry(ies) pruned</source>
        <translation>
            <numerusform>%Ln entrada do registro podada</numerusform>
            <numerusform>%Ln entradas do registro podadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln problem(s) found:</source>
        <translation>
            <numerusform>%Ln problema encontrado:</numerusform>
            <numerusform>%Ln problemas encontrados:</numerusform>
        </translation>
    </message>
    <message>
        <source>The base is consistent: no problems found.</source>
        <translation>A base está consistente: nenhum problema encontrado.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>Folder</source>
        <translation>Pasta</translation>
    </message>
    <message>
        <source>File type</source>
        <translation>Tipo de arquivo</translation>
    </message>
    <message>
        <source>Colour by:</source>
        <translation>Colorir por:</translation>
    </message>
    <message>
        <source>The map is drawn when this tab is shown.</source>
        <translation>O mapa é desenhado quando esta aba é exibida.</translation>
    </message>
    <message>
        <source>Redraw</source>
        <translation>Redesenhar</translation>
    </message>
    <message>
        <source>Compute the map again from the base&apos;s current chunks</source>
        <translation>Calcular o mapa de novo a partir dos trechos atuais da base</translation>
    </message>
    <message>
        <source>Point at a dot to read its chunk; click it to open the document.</source>
        <translation>Aponte para um ponto para ler o trecho; clique nele para abrir o documento.</translation>
    </message>
    <message>
        <source>Computing the map…</source>
        <translation>Calculando o mapa…</translation>
    </message>
    <message>
        <source>%1 of %2 chunks (an even sample)</source>
        <translation>%1 de %2 trechos (uma amostra uniforme)</translation>
    </message>
    <message>
        <source>axes show %1% of the variation</source>
        <translation>os eixos mostram %1% da variação</translation>
    </message>
    <message>
        <source>The map could not be computed: %1</source>
        <translation>Não foi possível calcular o mapa: %1</translation>
    </message>
    <message>
        <source>other</source>
        <translation>outros</translation>
    </message>
    <message>
        <source>text (no extension)</source>
        <translation>texto (sem extensão)</translation>
    </message>
    <message>
        <source>page %1</source>
        <translation>página %1</translation>
    </message>
</context>
<context>
    <name>MetadataEditor</name>
    <message>
        <source>Metadata of %1</source>
        <extracomment>Derived by ingestion from the file, never typed by a person.</extracomment>
        <translation>Metadados de %1</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Chave</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Add a key</source>
        <translation>Adicionar uma chave</translation>
    </message>
    <message>
        <source>Remove the key</source>
        <translation>Remover a chave</translation>
    </message>
    <message>
        <source>The document&apos;s own keys; what comes from the file itself is not editable. Numbers and true/false are stored as such.</source>
        <translation>As chaves do próprio documento; o que vem do arquivo em si não é editável. Números e true/false são guardados como tais.</translation>
    </message>
    <message>
        <source>These keys come from the file and cannot be set: %1</source>
        <translation>Estas chaves vêm do arquivo e não podem ser definidas: %1</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>Fechar aviso</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>too large: %1 MB (the limit is %2 MB for this type); raise “Largest file” in Settings to add it</source>
        <translation>grande demais: %1 MB (o limite é %2 MB para este tipo); aumente “Maior arquivo” nas Configurações para adicioná-lo</translation>
    </message>
    <message>
        <source>too large: grew past %1 MB while being read; raise “Largest file” in Settings</source>
        <translation>grande demais: passou de %1 MB durante a leitura; aumente “Maior arquivo” nas Configurações</translation>
    </message>
    <message>
        <source>too large: more than %1 characters of text; raise “Largest file” in Settings</source>
        <translation>grande demais: mais de %1 caracteres de texto; aumente “Maior arquivo” nas Configurações</translation>
    </message>
    <message>
        <source>unsupported file type %1</source>
        <translation>tipo de arquivo não suportado: %1</translation>
    </message>
    <message>
        <source>unchanged since it was last added</source>
        <translation>sem mudanças desde que foi adicionado</translation>
    </message>
    <message>
        <source>not added: the base holds the same content as %1</source>
        <translation>não adicionado: a base já tem o mesmo conteúdo em %1</translation>
    </message>
    <message>
        <source>the base also holds the same content as %1</source>
        <translation>a base também tem o mesmo conteúdo em %1</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>arquivo vazio</translation>
    </message>
    <message>
        <source>the file disappeared before it could be read</source>
        <translation>o arquivo sumiu antes de ser lido</translation>
    </message>
    <message>
        <source>cannot read it: permission denied</source>
        <translation>não foi possível lê-lo: permissão negada</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>não é um arquivo comum</translation>
    </message>
    <message>
        <source>encrypted PDF: a password is needed to read it</source>
        <translation>PDF criptografado: é preciso uma senha para lê-lo</translation>
    </message>
    <message>
        <source>damaged PDF: %1</source>
        <translation>PDF danificado: %1</translation>
    </message>
    <message>
        <source>damaged Word file: %1</source>
        <translation>arquivo do Word danificado: %1</translation>
    </message>
    <message>
        <source>no text found%1</source>
        <translation>nenhum texto encontrado%1</translation>
    </message>
    <message>
        <source>the embedder failed: %1</source>
        <translation>o modelo de embeddings falhou: %1</translation>
    </message>
    <message>
        <source>cancelled; nothing of it was stored</source>
        <translation>cancelado; nada dele foi gravado</translation>
    </message>
    <message>
        <source>cancelled before it started</source>
        <translation>cancelado antes de começar</translation>
    </message>
    <message>
        <source>no supported content found in this file</source>
        <translation>nenhum conteúdo suportado neste arquivo</translation>
    </message>
    <message>
        <source>kept in the queue for the next start</source>
        <translation>mantido na fila para a próxima abertura</translation>
    </message>
</context>
<context>
    <name>ReembedDialog</name>
    <message>
        <source>Re-embed base</source>
        <translation>Refazer embeddings da base</translation>
    </message>
    <message>
        <source>Embeds every chunk again with another embedder, in the background. Searches keep using the current vectors until the base switches to the new ones, all at once, at the end. Other programs may keep adding documents meanwhile; they are included. If this is stopped, the next run continues where it stopped.</source>
        <translation>Gera de novo o embedding de cada trecho com outro modelo de embeddings, em segundo plano. As buscas continuam usando os vetores atuais até a base trocar para os novos, de uma só vez, no fim. Outros programas podem continuar adicionando documentos enquanto isso; eles são incluídos. Se isto for interrompido, a próxima execução continua de onde parou.</translation>
    </message>
    <message>
        <source>Reading the base…</source>
        <translation>Lendo a base…</translation>
    </message>
    <message>
        <source>local:use-multilingual-v3, ollama:MODEL@URL or import:MODULE:ATTR</source>
        <translation>local:use-multilingual-v3, ollama:MODELO@URL ou import:MÓDULO:ATRIBUTO</translation>
    </message>
    <message>
        <source>New embedder:</source>
        <translation>Novo modelo de embeddings:</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Iniciar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parar</translation>
    </message>
    <message>
        <source>Stops after the current batch; what was embedded is kept.</source>
        <translation>Para depois do lote atual; o que já foi gerado é mantido.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>Cannot read the base: %1</source>
        <translation>Não foi possível ler a base: %1</translation>
    </message>
    <message>
        <source>Now: %1 (%2-d), %3</source>
        <translation>Agora: %1 (%2 dimensões), %3</translation>
    </message>
    <message numerus="yes">
        <source>%Ln chunk(s)</source>
        <translation>
            <numerusform>%Ln trecho</numerusform>
            <numerusform>%Ln trechos</numerusform>
        </translation>
    </message>
    <message>
        <source>A move to %1 is under way: %2 of %3 chunks embedded.</source>
        <translation>Uma troca para %1 está em andamento: %2 de %3 trechos já gerados.</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>Carregando %1…</translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>Parando depois do lote atual…</translation>
    </message>
    <message>
        <source>%1 of %2 chunks embedded with %3</source>
        <translation>%1 de %2 trechos gerados com %3</translation>
    </message>
    <message>
        <source>Stopped. The base still uses %1; %2 of %3 chunks are embedded with %4, start again to continue.</source>
        <translation>Parado. A base continua usando %1; %2 de %3 trechos já foram gerados com %4, inicie de novo para continuar.</translation>
    </message>
    <message>
        <source>Re-embedding failed: %1</source>
        <translation>A geração de embeddings falhou: %1</translation>
    </message>
    <message>
        <source>The base now uses %1 (%2-d): %3 re-embedded in %4 s.</source>
        <translation>A base agora usa %1 (%2 dimensões): %3 gerados de novo em %4 s.</translation>
    </message>
    <message>
        <source>The base already uses %1; nothing to do.</source>
        <translation>A base já usa %1; nada a fazer.</translation>
    </message>
</context>
<context>
    <name>Reembedding</name>
    <message>
        <source>A move of this base to %1 was stopped after %2 of %3 chunks. Continue it? Searches keep working meanwhile.</source>
        <translation>Uma troca desta base para %1 foi interrompida depois de %2 de %3 trechos. Continuar? As buscas continuam funcionando enquanto isso.</translation>
    </message>
    <message>
        <source>Continue…</source>
        <translation>Continuar…</translation>
    </message>
    <message>
        <source>This base was built with %1; your settings choose %2. Re-embed it with %2? Searches keep working meanwhile.</source>
        <translation>Esta base foi criada com %1; suas configurações escolhem %2. Refazer os embeddings com %2? As buscas continuam funcionando enquanto isso.</translation>
    </message>
    <message>
        <source>Re-embed…</source>
        <translation>Refazer embeddings…</translation>
    </message>
</context>
<context>
    <name>RemovalDialog</name>
    <message>
        <source>Remove documents by metadata</source>
        <translation>Remover documentos por metadados</translation>
    </message>
    <message>
        <source>value (for “is one of”: a|b|c)</source>
        <translation>valor (para “é um de”: a|b|c)</translation>
    </message>
    <message>
        <source>Move to trash</source>
        <translation>Mover para a lixeira</translation>
    </message>
    <message>
        <source>Metadata key</source>
        <translation>Chave de metadados</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Condição</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Choose a key and a value to see what would be removed.</source>
        <translation>Escolha uma chave e um valor para ver o que seria removido.</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Contando…</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; in &lt;b&gt;%2&lt;/b&gt; will be moved to the trash.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; em &lt;b&gt;%2&lt;/b&gt; serão movidos para a lixeira.</translation>
    </message>
    <message>
        <source>(the first %1 are listed)</source>
        <translation>(os primeiros %1 estão listados)</translation>
    </message>
    <message>
        <source>Nothing matches this filter.</source>
        <translation>Nada corresponde a este filtro.</translation>
    </message>
    <message>
        <source>Removing…</source>
        <translation>Removendo…</translation>
    </message>
</context>
<context>
    <name>SearchPane</name>
    <message>
        <source>Search the base — type a question or a few words (Ctrl+F)</source>
        <translation>Buscar na base — digite uma pergunta ou algumas palavras (Ctrl+F)</translation>
    </message>
    <message>
        <source>Results:</source>
        <translation>Resultados:</translation>
    </message>
    <message>
        <source>How many passages (chunks) to show, best first</source>
        <translation>Quantos trechos mostrar, dos melhores para os piores</translation>
    </message>
    <message>
        <source>Filter by metadata, e.g. mime=application/pdf; page&gt;2; lang!=en; source^=/docs/</source>
        <translation>Filtrar por metadados, ex.: mime=application/pdf; page&gt;2; lang!=en; source^=/docs/</translation>
    </message>
    <message>
        <source>Clauses separated by ; — key=value, key!=value, key&gt;value, key&gt;=value, key&lt;value, key&lt;=value, key^=prefix, key in a|b, key not in a|b. Dates as 2026-03-01 (added_at is when a document was added).</source>
        <translation>Condições separadas por ; — chave=valor, chave!=valor, chave&gt;valor, chave&gt;=valor, chave&lt;valor, chave&lt;=valor, chave^=prefixo, chave in a|b, chave not in a|b. Datas como 2026-03-01 (added_at é quando o documento foi adicionado).</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Sentido</translation>
    </message>
    <message>
        <source>Semantic search: chunks closest in meaning to the question</source>
        <translation>Busca semântica: trechos mais próximos do sentido da pergunta</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>Palavras</translation>
    </message>
    <message>
        <source>Keyword search: chunks with these words, codes or numbers (accents ignored)</source>
        <translation>Busca por palavras: trechos com estas palavras, códigos ou números (sem diferenciar acentos)</translation>
    </message>
    <message>
        <source>Both</source>
        <translation>Ambos</translation>
    </message>
    <message>
        <source>Hybrid search: meaning and words together, fused by rank</source>
        <translation>Busca híbrida: sentido e palavras juntos, combinados pela posição</translation>
    </message>
    <message>
        <source>Type to search.</source>
        <translation>Digite para buscar.</translation>
    </message>
    <message>
        <source>Show in list</source>
        <translation>Mostrar na lista</translation>
    </message>
    <message>
        <source>Open file</source>
        <translation>Abrir arquivo</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Buscando…</translation>
    </message>
    <message>
        <source>Filter by metadata, e.g. %1</source>
        <translation>Filtrar por metadados, p. ex. %1</translation>
    </message>
    <message>
        <source>%1 in %2 ms</source>
        <translation>%1 em %2 ms</translation>
    </message>
    <message>
        <source>No matching chunks.</source>
        <translation>Nenhum trecho corresponde.</translation>
    </message>
</context>
<context>
    <name>SearchResultModel</name>
    <message>
        <source>Score</source>
        <translation>Pontuação</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Página</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texto</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>Offline default (Universal Sentence Encoder, multilingual, 512 dimensions)</source>
        <translation>Padrão offline (Universal Sentence Encoder, multilíngue, 512 dimensões)</translation>
    </message>
    <message>
        <source>Ollama server</source>
        <translation>Servidor Ollama</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Testar conexão</translation>
    </message>
    <message>
        <source>Embedder for new bases</source>
        <translation>Modelo de embeddings para novas bases</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Endereço do servidor</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>An existing base always uses the embedder that built it.</source>
        <translation>Uma base existente sempre usa o modelo de embeddings com que foi criada.</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> caracteres</translation>
    </message>
    <message>
        <source>Files larger than this are not added (PDF and Word files may be a few times larger, as most of their bytes are not text).</source>
        <translation>Arquivos maiores que isto não são adicionados (arquivos PDF e Word podem ser algumas vezes maiores, pois a maior parte dos seus bytes não é texto).</translation>
    </message>
    <message>
        <source>Adding files</source>
        <translation>Adição de arquivos</translation>
    </message>
    <message>
        <source>Passage (chunk) size</source>
        <translation>Tamanho do trecho</translation>
    </message>
    <message>
        <source>Overlap between passages</source>
        <translation>Sobreposição entre trechos</translation>
    </message>
    <message>
        <source>Largest file</source>
        <translation>Maior arquivo</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Idioma do sistema</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Window language</source>
        <translation>Idioma da janela</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Testando…</translation>
    </message>
    <message>
        <source>connected: the model returns %1-dimensional vectors</source>
        <translation>conectado: o modelo retorna vetores de %1 dimensões</translation>
    </message>
</context>
<context>
    <name>StatsPane</name>
    <message>
        <source>Chunks</source>
        <translation>Trechos</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <source>Dimensions</source>
        <translation>Dimensões</translation>
    </message>
    <message>
        <source>Embedder</source>
        <translation>Modelo de embeddings</translation>
    </message>
    <message>
        <source>Size on disk</source>
        <translation>Tamanho em disco</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versão</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Última alteração</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>Snapshots</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Local</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Base</translation>
    </message>
    <message>
        <source>Growth (chunks over time)</source>
        <translation>Crescimento (trechos ao longo do tempo)</translation>
    </message>
    <message>
        <source>Documents per type</source>
        <translation>Documentos por tipo</translation>
    </message>
    <message>
        <source>%1 (%2) by %3</source>
        <translation>%1 (%2) por %3</translation>
    </message>
</context>
<context>
    <name>TrashPane</name>
    <message>
        <source>Removed documents wait here until the trash is emptied.</source>
        <extracomment>Newest entries listed (listing reads the counts stored with each entry).</extracomment>
        <translation>Os documentos removidos ficam aqui até a lixeira ser esvaziada.</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Removido</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documentos</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>Trechos</translation>
    </message>
    <message>
        <source>What</source>
        <translation>O quê</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Restaurar</translation>
    </message>
    <message>
        <source>Delete for good…</source>
        <translation>Excluir definitivamente…</translation>
    </message>
    <message>
        <source>Empty trash…</source>
        <translation>Esvaziar a lixeira…</translation>
    </message>
    <message>
        <source>and %1 more</source>
        <translation>e mais %1</translation>
    </message>
    <message>
        <source>(the newest %1 removals are listed)</source>
        <translation>(as %1 remoções mais recentes estão listadas)</translation>
    </message>
    <message>
        <source>The trash is empty.</source>
        <translation>A lixeira está vazia.</translation>
    </message>
    <message>
        <source>%1 and %2 in the trash.</source>
        <translation>%1 e %2 na lixeira.</translation>
    </message>
    <message>
        <source>Restore, trashing the current version</source>
        <translation>Restaurar, movendo a versão atual para a lixeira</translation>
    </message>
    <message>
        <source>Nothing was restored: those entries are no longer in the trash.</source>
        <translation>Nada foi restaurado: essas entradas já não estão na lixeira.</translation>
    </message>
    <message>
        <source>Restored %1 (%2).</source>
        <translation>%1 (%2) restaurados.</translation>
    </message>
    <message>
        <source>Delete for good</source>
        <translation>Excluir definitivamente</translation>
    </message>
    <message>
        <source>Delete %1 (%2) for good? This cannot be undone.</source>
        <translation>Excluir %1 (%2) definitivamente? Isso não pode ser desfeito.</translation>
    </message>
    <message>
        <source>Deleted %1 (%2) for good.</source>
        <translation>%1 (%2) excluídos definitivamente.</translation>
    </message>
</context>
<context>
    <name>UndoActions</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Desfazer</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Refazer</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>&amp;Desfazer: %1</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>&amp;Refazer: %1</translation>
    </message>
</context>
<context>
    <name>UndoHistory</name>
    <message>
        <source>those chunks are no longer in the base</source>
        <translation>esses trechos já não estão na base</translation>
    </message>
    <message>
        <source>Moved %1 back to the trash.</source>
        <translation>%1 movidos de volta para a lixeira.</translation>
    </message>
    <message>
        <source>they are no longer in the trash</source>
        <translation>eles já não estão na lixeira</translation>
    </message>
    <message>
        <source>Restored %1 (%2).</source>
        <translation>%1 (%2) restaurados.</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>Remover %1</translation>
    </message>
    <message>
        <source>Restore %1</source>
        <translation>Restaurar %1</translation>
    </message>
    <message>
        <source>Edit the metadata of %1</source>
        <translation>Editar os metadados de %1</translation>
    </message>
    <message>
        <source>That was already undone or followed by other changes; use Edit › Undo or the Trash tab.</source>
        <translation>Isso já foi desfeito ou foi seguido de outras mudanças; use Editar › Desfazer ou a aba Lixeira.</translation>
    </message>
    <message>
        <source>Could not undo or redo: %1. The undo history was cleared.</source>
        <translation>Não foi possível desfazer ou refazer: %1. O histórico de desfazer foi apagado.</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln documento</numerusform>
            <numerusform>%Ln documentos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln chunk(s)</source>
        <translation>
            <numerusform>%Ln trecho</numerusform>
            <numerusform>%Ln trechos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s)</source>
        <translation>
            <numerusform>%Ln arquivo</numerusform>
            <numerusform>%Ln arquivos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln result(s)</source>
        <translation>
            <numerusform>%Ln resultado</numerusform>
            <numerusform>%Ln resultados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln character(s)</source>
        <translation>
            <numerusform>%Ln caractere</numerusform>
            <numerusform>%Ln caracteres</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln waiting</source>
        <translation>
            <numerusform>%Ln aguardando</numerusform>
            <numerusform>%Ln aguardando</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s) ago</source>
        <translation>
            <numerusform>há %Ln dia</numerusform>
            <numerusform>há %Ln dias</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln hour(s) ago</source>
        <translation>
            <numerusform>há %Ln hora</numerusform>
            <numerusform>há %Ln horas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln min ago</source>
        <translation>
            <numerusform>há %Ln min</numerusform>
            <numerusform>há %Ln min</numerusform>
        </translation>
    </message>
    <message>
        <source>just now</source>
        <translation>agora mesmo</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>The base is busy (another program holds it): %1. Try again.</source>
        <translation>A base está ocupada (outro programa a está usando): %1. Tente de novo.</translation>
    </message>
    <message>
        <source>The database server cannot be reached: %1. Try again when it is back.</source>
        <translation>O servidor de banco de dados não pode ser alcançado: %1. Tente de novo quando ele voltar.</translation>
    </message>
    <message>
        <source>The database server refused the user or password: %1</source>
        <translation>O servidor de banco de dados recusou o usuário ou a senha: %1</translation>
    </message>
    <message>
        <source>The embedding server cannot be reached: %1</source>
        <translation>Não foi possível acessar o servidor de embeddings: %1</translation>
    </message>
    <message>
        <source>Embedder mismatch: %1</source>
        <translation>Modelo de embeddings incompatível: %1</translation>
    </message>
    <message>
        <source>Read-only: %1</source>
        <translation>Somente leitura: %1</translation>
    </message>
    <message>
        <source>Invalid input: %1</source>
        <translation>Entrada inválida: %1</translation>
    </message>
    <message>
        <source>Unexpected error (%1): %2</source>
        <translation>Erro inesperado (%1): %2</translation>
    </message>
</context>
<context>
    <name>filetypes</name>
    <message>
        <source>Supported documents</source>
        <translation>Documentos suportados</translation>
    </message>
    <message>
        <source>Text and Markdown</source>
        <translation>Texto e Markdown</translation>
    </message>
    <message>
        <source>PDF documents</source>
        <translation>Documentos PDF</translation>
    </message>
    <message>
        <source>Word documents</source>
        <translation>Documentos de texto (Word, ODT, RTF)</translation>
    </message>
    <message>
        <source>Spreadsheets</source>
        <translation>Planilhas</translation>
    </message>
    <message>
        <source>Presentations</source>
        <translation>Apresentações</translation>
    </message>
    <message>
        <source>Web pages and data</source>
        <translation>Páginas web e dados</translation>
    </message>
    <message>
        <source>E-books and e-mail</source>
        <translation>E-books e e-mails</translation>
    </message>
    <message>
        <source>Images (read by OCR)</source>
        <translation>Imagens (lidas por OCR)</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Todos os arquivos</translation>
    </message>
</context>
<context>
    <name>filters</name>
    <message>
        <source>equals</source>
        <translation>é igual a</translation>
    </message>
    <message>
        <source>is one of</source>
        <translation>é um de</translation>
    </message>
    <message>
        <source>starts with</source>
        <translation>começa com</translation>
    </message>
    <message>
        <source>pick a metadata key</source>
        <translation>escolha uma chave de metadados</translation>
    </message>
    <message>
        <source>give at least one value, separated by | or ,</source>
        <translation>informe ao menos um valor, separados por | ou ,</translation>
    </message>
    <message>
        <source>give the start of the value</source>
        <translation>informe o início do valor</translation>
    </message>
    <message>
        <source>give a value</source>
        <translation>informe um valor</translation>
    </message>
</context>
</TS>
